#!/usr/bin/python3
"""Create the identity objects the portal's tests and a keystone-auth Cinder need, in a
Keystone that `keystone-manage bootstrap` has just made (admin user, admin project, roles
admin/member/reader).  Idempotent: existing objects are reused.  (Part of the project's own
launcher of a real Keystone, start.sh; adapted from the workplace's reference scripts.)

Usage: /usr/bin/python3 provision.py DIR KEYSTONE_URL CINDER_URL_TEMPLATE
  reads DIR/secrets (shell "NAME=value" lines written by start.sh) and DIR/cinder_port, writes
  DIR/keystone.json, DIR/env-admin, DIR/env-member-<project>, DIR/env-portal, DIR/env-appcred,
  DIR/appcred.json, DIR/clouds.yaml, DIR/ids.json.
DIR/keystone.json (mode 0600; what tests read):
  {"auth_url": KEYSTONE_URL, "admin": {"user": "admin", "password": ..., "project": "admin"},
   "appcred": {"id": ..., "secret": ...}, "projects": {name: id}, "users": {name: id},
   "passwords": {user: password}, "cinder_port": N}
  (all in domain Default; "passwords": every user's, admin, cinder, portal, user1..3 included;
  the application credential is the admin's, bound to project admin with role admin).
Objects:
  project service: users cinder (Cinder's keystonemiddleware) and portal (our
    portal's own service user), both with role "service" only (Keystone's
    identity:validate_token allows rule:service_role, so no admin needed).
  projects tenant1, tenant2, tenant3: users user1 / user2 / user3 with roles member + reader;
    the admin user has role admin in each (Cinder's import_record makes the backup the token's
    project's, so landing a backup in tenantN takes a token scoped to it: the tests seed so, and
    the portal restores so). Project tenant4 has no role for admin: the "no role" case.
  service cinderv3 (type volumev3) + public/internal/admin endpoints
    CINDER_URL_TEMPLATE (e.g. http://127.0.0.1:8776/v3/%(project_id)s).
  application credential "portal" of user admin on project admin (roles: admin).
Run with Debian's /usr/bin/python3 (python3-keystoneclient).
"""
import json
import os
import sys

from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

DIR, KS, CINDER_TMPL = sys.argv[1], sys.argv[2].rstrip('/'), sys.argv[3]
sec = dict(l.strip().split('=', 1) for l in open(os.path.join(DIR, 'secrets')) if '=' in l)
CINDER_PORT = int(open(os.path.join(DIR, 'cinder_port')).read().strip())
TENANTS = (1, 2, 3)


def sess(user, pw, project):
    auth = v3.Password(
        auth_url=KS, username=user, password=pw, project_name=project,
        user_domain_name='Default', project_domain_name='Default')
    # keystoneauth gets a new token when the one it has expires within 120 s: with a short
    # [token] expiration (start.sh KS_EXPIRATION < 120) that is before every request (~1 s
    # each: 7 s of provisioning became 57 s).  0: only once it has expired (a 401 re-auths too).
    auth.MIN_TOKEN_LIFE_SECONDS = 0
    return session.Session(auth=auth)


admin_s = sess('admin', sec['ADMIN_PASSWORD'], 'admin')
ks = client.Client(session=admin_s, interface='public')
dom = ks.domains.get('default')


def one(manager, name):  # projects / users by name in domain Default
    found = manager.list(name=name, domain=dom)
    return found[0] if found else None


def project(name, desc):
    return one(ks.projects, name) or ks.projects.create(name, dom, description=desc)


def user(name, pw, prj):
    u = one(ks.users, name)
    if u:
        ks.users.update(u, password=pw)
        return u
    return ks.users.create(name, domain=dom, password=pw, default_project=prj)


def role(name):
    r = [x for x in ks.roles.list() if x.name == name]
    return r[0] if r else ks.roles.create(name)


roles = {n: role(n) for n in ('admin', 'member', 'reader', 'service')}
ids = {'roles': {n: r.id for n, r in roles.items()}}

svc_prj = project('service', 'service users')
admin_prj = one(ks.projects, 'admin')
admin_u = one(ks.users, 'admin')
ids['projects'] = {'admin': admin_prj.id, 'service': svc_prj.id}
ids['users'] = {'admin': admin_u.id}
for name in ('cinder', 'portal'):
    u = user(name, sec[name.upper() + '_PASSWORD'], svc_prj)
    ks.roles.grant(roles['service'], user=u, project=svc_prj)
    ids['users'][name] = u.id
for i in TENANTS:
    p = project('tenant%d' % i, 'tenant project %d' % i)
    u = user('user%d' % i, sec['USER%d_PASSWORD' % i], p)
    for r in ('member', 'reader'):
        ks.roles.grant(roles[r], user=u, project=p)
    ks.roles.grant(roles['admin'], user=admin_u, project=p)
    ids['projects']['tenant%d' % i] = p.id
    ids['users']['user%d' % i] = u.id
# A project where the admin user has no role: a restore into it must say so.
ids['projects']['tenant4'] = project('tenant4', 'a project the admin user has no role in').id

# Block Storage v3 in the catalog (what cinderclient / OSC look up as volumev3)
svc = [s for s in ks.services.list(type='volumev3')]
svc = svc[0] if svc else ks.services.create('cinderv3', type='volumev3',
                                            description='Block Storage v3')
have = {e.interface: e for e in ks.endpoints.list(service=svc)}
for itf in ('public', 'internal', 'admin'):
    if itf in have:
        ks.endpoints.update(have[itf], url=CINDER_TMPL)
    else:
        ks.endpoints.create(svc, CINDER_TMPL, interface=itf, region='RegionOne')
ids['services'] = {'volumev3': svc.id}

# Application credential for the admin, bound to project admin (the token scope
# decides the project).  Secret is ours so the file is reproducible per DIR.
ac_name = 'portal'
ac = [a for a in ks.application_credentials.list(user=admin_u.id) if a.name == ac_name]
if ac:
    ks.application_credentials.delete(ac[0], user=admin_u.id)
ac = ks.application_credentials.create(ac_name, user=admin_u.id, secret=sec['APPCRED_SECRET'],
                                       roles=[{'name': 'admin'}],
                                       description='portal -> cinder (admin)')
appcred = {'auth_url': KS, 'application_credential_id': ac.id,
           'application_credential_name': ac_name,
           'application_credential_secret': sec['APPCRED_SECRET'],
           'user_id': admin_u.id, 'project_id': ac.project_id,
           'roles': [r['name'] for r in ac.roles]}
json.dump(appcred, open(os.path.join(DIR, 'appcred.json'), 'w'), indent=2)
ids['application_credentials'] = {ac_name: ac.id}
json.dump(ids, open(os.path.join(DIR, 'ids.json'), 'w'), indent=2)

# env files for openstack / cinder CLIs (password auth, identity v3)
def env(fname, user_, pw, prj):
    with open(os.path.join(DIR, fname), 'w') as f:
        f.write('unset OS_CLOUD OS_TOKEN OS_AUTH_TYPE OS_USER_ID OS_PROJECT_ID CINDER_ENDPOINT '
                'OS_APPLICATION_CREDENTIAL_ID OS_APPLICATION_CREDENTIAL_SECRET\n')
        f.write('export OS_AUTH_URL=%s/v3 OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne\n' % KS)
        f.write('export OS_USERNAME=%s OS_PASSWORD=%s OS_PROJECT_NAME=%s\n' % (user_, pw, prj))
        f.write('export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default\n')
        f.write('export OS_INTERFACE=public OS_VOLUME_API_VERSION=${OS_VOLUME_API_VERSION:-3.64}\n')


env('env-admin', 'admin', sec['ADMIN_PASSWORD'], 'admin')
env('env-portal', 'portal', sec['PORTAL_PASSWORD'], 'service')
for i in TENANTS:
    env('env-member-tenant%d' % i, 'user%d' % i, sec['USER%d_PASSWORD' % i], 'tenant%d' % i)
with open(os.path.join(DIR, 'env-appcred'), 'w') as f:
    f.write('unset OS_CLOUD OS_TOKEN OS_USERNAME OS_PASSWORD OS_PROJECT_NAME OS_PROJECT_ID '
            'OS_USER_DOMAIN_NAME OS_PROJECT_DOMAIN_NAME OS_USER_ID CINDER_ENDPOINT\n')
    f.write('export OS_AUTH_URL=%s/v3 OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne '
            'OS_INTERFACE=public\n' % KS)
    f.write('export OS_AUTH_TYPE=v3applicationcredential OS_APPLICATION_CREDENTIAL_ID=%s '
            'OS_APPLICATION_CREDENTIAL_SECRET=%s\n' % (ac.id, sec['APPCRED_SECRET']))
    f.write('export OS_VOLUME_API_VERSION=${OS_VOLUME_API_VERSION:-3.64}\n')

# clouds.yaml (openstacksdk / OSC --os-cloud); JSON is valid YAML
def cloud(user_, pw, prj):
    return {'auth': {'auth_url': KS + '/v3', 'username': user_, 'password': pw,
                     'project_name': prj, 'user_domain_name': 'Default',
                     'project_domain_name': 'Default'},
            'region_name': 'RegionOne', 'interface': 'public', 'identity_api_version': 3}


clouds = {'admin': cloud('admin', sec['ADMIN_PASSWORD'], 'admin'),
          'portal': cloud('portal', sec['PORTAL_PASSWORD'], 'service'),
          'appcred': {'auth_type': 'v3applicationcredential',
                      'auth': {'auth_url': KS + '/v3', 'application_credential_id': ac.id,
                               'application_credential_secret': sec['APPCRED_SECRET']},
                      'region_name': 'RegionOne', 'interface': 'public',
                      'identity_api_version': 3}}
for i in TENANTS:
    clouds['member-tenant%d' % i] = cloud('user%d' % i, sec['USER%d_PASSWORD' % i], 'tenant%d' % i)
json.dump({'clouds': clouds}, open(os.path.join(DIR, 'clouds.yaml'), 'w'), indent=2)

# keystone.json: everything a test needs to get tokens and find Cinder, machine-readable
passwords = {'admin': sec['ADMIN_PASSWORD'], 'cinder': sec['CINDER_PASSWORD'],
             'portal': sec['PORTAL_PASSWORD']}
passwords.update({'user%d' % i: sec['USER%d_PASSWORD' % i] for i in TENANTS})
summary = {'auth_url': KS,
           'admin': {'user': 'admin', 'password': sec['ADMIN_PASSWORD'], 'project': 'admin'},
           'appcred': {'id': ac.id, 'secret': sec['APPCRED_SECRET']},
           'projects': ids['projects'], 'users': ids['users'], 'passwords': passwords,
           'cinder_port': CINDER_PORT}
path = os.path.join(DIR, 'keystone.json')
with os.fdopen(os.open(path + '.new', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w') as f:
    json.dump(summary, f, indent=2)
os.replace(path + '.new', path)
print(json.dumps(ids))
