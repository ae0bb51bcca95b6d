using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Portal.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E.Web;

/// <summary>
/// WCAG 2.1 AA (issue 15): axe-core (Deque's engine, shipped inside its NuGet package, so offline)
/// on every page and dialog, light and dark, in Chromium. A critical or serious violation fails.
/// Every run writes its counts per page to artifacts/axe.txt.
/// </summary>
[Collection(nameof(PortalServerCollection))]
public sealed class AccessibilityTests(PortalServer server)
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    };

    private static readonly Lock Report = new();

    [Theory]
    [InlineData("bob", "/backups")]
    [InlineData("bob", "/backups/{backup}")]
    [InlineData("bob", "/import")]
    [InlineData("bob", "/tokens")]
    [InlineData("dave", "/backups")]
    [InlineData("alice", "/backups")]
    [InlineData("alice", "/admin/audit")]
    [InlineData("alice", "/admin/quotas")]
    [InlineData("alice", "/admin/services")]
    [InlineData("alice", "/admin/bulk-import")]
    [InlineData("alice", "/admin/clouds")]
    public async Task Page_LightAndDark_HasNoCriticalOrSeriousViolation(string user, string path)
    {
        var backup = (await PortalData.BackupsAsync(server, "p-100"))[0];
        var page = await server.SignInAsync(user, path.Replace("{backup}", backup.Id, StringComparison.Ordinal));
        await Expect(page.Locator("main")).ToBeVisibleAsync();

        var problems = await CheckBothThemesAsync(page, $"{user} {path}");

        Assert.True(problems.Length == 0, problems);
    }

    [Fact]
    public async Task ExportDialog_LightAndDark_HasNoCriticalOrSeriousViolation()
    {
        var page = await server.SignInAsync("bob");

        // The dialog's overlay covers the theme switch: close it, switch, and open it again.
        var problems = await CheckBothThemesAsync(page, "bob export dialog", async open =>
        {
            if (!open)
            {
                await page.Locator(".mud-dialog .mud-button-close").ClickAsync();
                await Expect(page.GetByTestId("export-url")).ToHaveCountAsync(0);
                return;
            }
            await page.Locator("[data-testid=export-button]:not([disabled])").First.ClickAsync();
            await Expect(page.GetByTestId("export-url")).ToBeVisibleAsync();
        });

        Assert.True(problems.Length == 0, problems);
    }

    [Fact]
    public async Task ImportPreview_LightAndDark_HasNoCriticalOrSeriousViolation()
    {
        var record = TestRecords.Valid();
        var page = await server.SignInAsync("bob", "/import");
        await ImportWizardTests.EnterRecordAsync(page, record.Service!, TestRecords.Url(record));
        await Expect(page.GetByTestId("preview-fields")).ToBeVisibleAsync();

        var problems = await CheckBothThemesAsync(page, "bob import preview");

        Assert.True(problems.Length == 0, problems);
    }

    /// <summary>Runs axe in the light theme, switches to dark, runs it again; the serious and critical violations as text.</summary>
    /// <param name="dialog">Opens (true) or closes (false) a dialog to check, around the theme switch.</param>
    private static async Task<string> CheckBothThemesAsync(IPage page, string name, Func<bool, Task>? dialog = null)
    {
        var problems = new StringBuilder();
        foreach (var theme in new[] { "light", "dark" })
        {
            if (theme == "dark")
            {
                if (dialog is not null)
                {
                    await dialog(false);
                }
                // axe reads the colours where they end, not halfway through MudBlazor's transitions.
                await page.AddStyleTagAsync(new() { Content = "*, *::before, *::after { transition: none !important; }" });
                await page.GetByTestId("dark-mode").ClickAsync();
                await Expect(page.Locator("[data-theme=dark]")).ToBeAttachedAsync();
                // The switch's tooltip would stay open under the pointer, outside the page's landmarks.
                await page.Mouse.MoveAsync(640, 700);
            }
            if (dialog is not null)
            {
                await dialog(true);
            }
            var result = await page.RunAxe(Wcag21AA);
            var violations = result.Violations ?? [];
            Record($"{name} ({theme})", violations);
            foreach (var violation in violations.Where(v => v.Impact is "critical" or "serious"))
            {
                problems.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{name} ({theme}): {violation.Impact} {violation.Id}: {violation.Help}");
                foreach (var node in violation.Nodes.Take(5))
                {
                    problems.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"    {node.Target} {node.Html[..Math.Min(node.Html.Length, 160)]} {string.Join(" ", node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message))}");
                }
            }
        }
        return problems.ToString();
    }

    private static void Record(string name, IEnumerable<AxeResultItem> violations)
    {
        var counts = string.Join(", ", new[] { "critical", "serious", "moderate", "minor" }
            .Select(impact => $"{impact} {violations.Where(v => v.Impact == impact).Sum(v => v.Nodes.Length)}"));
        var rules = string.Join(", ", violations.Select(v => $"{v.Id} ({v.Impact}, {v.Nodes.Length}: {v.Nodes.FirstOrDefault()?.Target})"));
        counts += rules.Length == 0 ? "" : $"; {rules}";
        lock (Report)
        {
            File.AppendAllText(Path.Combine(PortalServer.ArtifactsDirectory, "axe.txt"), $"{name}: {counts}\n");
        }
    }
}
