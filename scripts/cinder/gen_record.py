#!/usr/bin/python3
"""Make fresh Cinder backup records with Cinder's own code (Backup.encode_record), as the
backup-export API does, for import_record into the real Cinder of start.sh (adapted from the
workplace's reference scripts).

Usage: /usr/bin/python3 gen_record.py [BACKUP_ID|""] [SERVICE] [COUNT]
  Prints COUNT lines (default 1): "<service> <backup_url>".  BACKUP_ID (default: a new uuid4
  per line) needs COUNT 1; SERVICE defaults to cinder.backup.drivers.posix.PosixBackupDriver
  (what start.sh's cinder-backup runs; import_record needs a prefix of its backup_driver).
  The record's project/user are fixed dummies: an imported backup belongs to the token's project.
Run with Debian's /usr/bin/python3 (python3-cinder), not a pyenv/venv python.
"""
import sys
import uuid

from oslo_utils import timeutils

from cinder import objects
from cinder.objects import fields

objects.register_all()

bid_arg = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None
svc = (sys.argv[2] if len(sys.argv) > 2 and sys.argv[2]
       else 'cinder.backup.drivers.posix.PosixBackupDriver')
count = int(sys.argv[3]) if len(sys.argv) > 3 else 1
if bid_arg and count != 1:
    sys.exit('gen_record.py: a BACKUP_ID makes one record, not %d' % count)
now = timeutils.utcnow().replace(microsecond=0)
for _ in range(count):
    bid = bid_arg or str(uuid.uuid4())
    b = objects.Backup(
        id=bid, user_id='0123456789abcdef0123456789abcdef',
        project_id='fedcba9876543210fedcba9876543210',
        volume_id=str(uuid.uuid4()), host='old-backup-host',
        availability_zone='nova', container=bid[:2] + '/' + bid[2:4] + '/' + bid,
        parent_id=None, status=fields.BackupStatus.AVAILABLE, fail_reason=None,
        size=1, display_name='smoke-' + bid[:8], display_description='generated',
        service_metadata='backup', service=svc, object_count=1,
        temp_volume_id=None, temp_snapshot_id=None, num_dependent_backups=0,
        snapshot_id=None, data_timestamp=now, restore_volume_id=None,
        metadata={'origin': 'gen_record.py'}, encryption_key_id=None,
        created_at=now, updated_at=now, deleted_at=None, deleted=False)
    # The backup-export API does exactly this: encode_record(driver_info=...)
    print(svc, b.encode_record(driver_info={}))
