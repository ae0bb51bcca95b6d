using Portal.Core.Backups;
using Portal.Core.Common;
using Portal.Core.Tenancy;

namespace Portal.Core.Exporting;

public static class ExportErrors
{
    public static Error NotAvailable(Backup backup) => new(
        ErrorCodes.ExportNotAvailable,
        $"Backup {backup.Id} is '{backup.Status}'; only available backups can be exported. " +
        "Wait until the operation on it finishes, or ask an admin to resolve its state.");

    public static Error Forbidden(RequestContext context) => new(
        ErrorCodes.ExportForbidden,
        context.IsMember
            ? "This deployment lets only admins export backup records. Ask an admin to export it for you."
            : "Your role lets you see backups but not export them. Ask a member or an admin of the project.");
}
