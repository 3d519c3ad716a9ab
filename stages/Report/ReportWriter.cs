using System.Globalization;
using System.Text;

namespace NetOrbit.Report;

/// <summary>
/// Builds the report of a run directory: <c>index.html</c> and every figure as PNG and SVG beside it.
/// Figures are drawn from the tables the directory has; one whose tables are absent or empty is
/// replaced by a line saying which table would make it. The same directory gives the same bytes.
/// </summary>
public static partial class ReportWriter
{
    /// <summary>
    /// Writes the report of <paramref name="runDirectory"/> into <paramref name="outDirectory"/>
    /// (created when absent). Every file is written under a temporary name and renamed.
    /// </summary>
    /// <exception cref="InputFileException">The directory is not a run directory, or a table it holds is unreadable.</exception>
    public static ReportSummary Write(string runDirectory, string outDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        ArgumentNullException.ThrowIfNull(outDirectory);
        List<ReportItem> items;
        string html;
        if (StudyDirectory.IsStudy(runDirectory))
        {
            var study = StudyDirectory.Open(runDirectory);
            items = StudyItems(study);
            html = Html(StudyTitle(study), study.Description, StudyIntro(study), items);
        }
        else
        {
            var run = RunDirectory.Open(runDirectory);
            var needs = new FigureNeeds(run);
            items = [PaperComparison.Build(run, needs), SplitRobustness.Build([("this run", run)]), .. new PaperFigures(run, needs).All(), .. new BeyondFigures(run, needs).All()];
            html = Html("NetOrbit report" + (run.Experiment is null ? string.Empty : ": " + run.Experiment), run.Description, RunIntro(run), items);
        }

        var duplicate = items.OfType<ReportFigure>().GroupBy(f => f.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"two figures named {duplicate.Key}");
        }

        Directory.CreateDirectory(outDirectory);
        // Figures are independent drawings, each written under a temporary name and then moved: draw them on every core.
        var all = items.OfType<ReportFigure>().ToList();
        try
        {
            Parallel.ForEach(all, new ParallelOptions { CancellationToken = cancellationToken }, f =>
            {
                var png = Path.Combine(outDirectory, f.Id + ".png");
                var svg = Path.Combine(outDirectory, f.Id + ".svg");
                f.Plot.SavePng(png + ".tmp.png", f.Width, f.Height);
                File.Move(png + ".tmp.png", png, overwrite: true);
                File.WriteAllText(svg + ".tmp.svg", StableIds(f.Plot.GetSvgXml(f.Width, f.Height)), new UTF8Encoding(false));
                File.Move(svg + ".tmp.svg", svg, overwrite: true);
            });
        }
        catch (AggregateException e)
        {
            // The first figure's failure, as a sequential loop would throw it (an IOException names its file).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        var figures = all.Count;

        var index = Path.Combine(outDirectory, "index.html");
        File.WriteAllText(index + ".tmp", html, new UTF8Encoding(false));
        File.Move(index + ".tmp", index, overwrite: true);
        return new ReportSummary(index, figures, items.OfType<ReportNote>().Count());
    }

    /// <summary>
    /// Skia numbers the clip paths of an SVG from a process-wide counter (cl_c7, cl_1ce: hexadecimal), so the
    /// same figure drawn twice in one process differs; renumber them in order of first appearance.
    /// </summary>
    internal static string StableIds(string svg)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(svg, m =>
        {
            if (!map.TryGetValue(m.Value, out var id))
            {
                map[m.Value] = id = "clip" + map.Count.ToString(CultureInfo.InvariantCulture);
            }

            return id;
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bcl_[0-9a-f]+\b")]
    private static partial System.Text.RegularExpressions.Regex ClipId();

    /// <summary>
    /// The items of a study's report: the comparison table with each row from its part, the
    /// robustness table over every part, and each figure from the part that names its key, else from
    /// the first part whose tables draw it (its caption says which part).
    /// </summary>
    private static List<ReportItem> StudyItems(StudyDirectory study)
    {
        (RunDirectory, FigureNeeds) Source(string key)
        {
            var target = key switch { "loss-low" => 0.01, "chaotic" => 5.0, _ => 1.0 };
            var part = study.Candidates(key).FirstOrDefault(p => p.Report.Contains(key) || p.Run.NearestEta(target) is not null) ?? study.Parts[0];
            return (part.Run, part.Needs);
        }

        var items = new List<ReportItem> { PaperComparison.Build(Source), SplitRobustness.Build([.. study.Parts.Where(p => p.Report.Intersect(["robustness", "nmle", "chaotic"]).Any()).DefaultIfEmpty(study.Parts[0]).Select(p => (p.Name, p.Run))]) };
        // Every part's figure generators, in report order (the same keys for every part).
        var generators = study.Parts.ToDictionary(
            p => p.Name,
            p => (IReadOnlyList<(string Key, Func<IEnumerable<ReportItem>> Make)>)[.. new PaperFigures(p.Run, p.Needs).Generators, .. new BeyondFigures(p.Run, p.Needs).Generators],
            StringComparer.Ordinal);
        foreach (var (key, _) in generators[study.Parts[0].Name])
        {
            List<ReportItem>? fallback = null;
            List<ReportItem>? drawn = null;
            foreach (var part in study.Candidates(key))
            {
                var made = generators[part.Name].First(g => g.Key == key).Make().ToList();
                fallback ??= made;
                if (made.OfType<ReportFigure>().Any())
                {
                    drawn = [.. made.Select(i => i is ReportFigure f ? f with { Caption = f.Caption + $" From the study's part '{part.Name}' ({part.Run.Runs.Count} runs, {part.Name}/)." } : i)];
                    break;
                }
            }

            items.AddRange(drawn ?? fallback!);
        }

        return items;
    }

    /// <summary>The paper, as both kinds of report cite it (HTML, closing the intro's paragraph).</summary>
    private const string PaperCitation = "The paper: Danovski, Soriano &amp; Lacasa, <i>Dynamical stability and chaos in artificial neural network trajectories along training</i>, Frontiers in Complex Systems 2:1367957 (2024), arXiv:2404.05782.</p>\n";

    private static string StudyTitle(StudyDirectory study) => "NetOrbit report: " + study.Name + (study.Preset is null ? string.Empty : $" (preset {study.Preset})");

    private static string StudyIntro(StudyDirectory study)
    {
        static string E(string s) => System.Net.WebUtility.HtmlEncode(s);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<p>A study of {study.Parts.Count} parts, {study.Parts.Sum(p => p.Run.Runs.Count)} runs in all; each part is a run directory of its own (its folder below), and each figure says which part it is drawn from.</p>\n<ul>\n");
        foreach (var p in study.Parts)
        {
            var etas = string.Join(", ", p.Run.Etas.Select(FigureStyle.Number));
            var steps = string.Join(", ", p.Run.Runs.Select(r => r.Steps).Distinct());
            b.Append(CultureInfo.InvariantCulture, $"<li><b>{E(p.Name)}/</b>: {p.Run.Runs.Count} runs, eta {E(etas)}, {E(steps)} steps{(p.Description is { Length: > 0 } d ? ". " + E(d) : string.Empty)}</li>\n");
        }

        b.Append("</ul>\n<p>Every value drawn here is read from the parts' Arrow tables; each caption names them. Click a figure for its SVG. ");
        b.Append(PaperCitation);
        return b.ToString();
    }

    private static string RunIntro(RunDirectory run)
    {
        static string E(string s) => System.Net.WebUtility.HtmlEncode(s);
        var b = new StringBuilder();
        var etas = string.Join(", ", run.Etas.Select(FigureStyle.Number));
        b.Append(CultureInfo.InvariantCulture, $"<p>{run.Runs.Count} runs ({E(string.Join(", ", run.Runs.Select(r => r.Dataset + " " + r.Architecture).Distinct()))}); learning rates {E(etas)}; {run.Runs.Count(r => r.Status != "ok")} runs with a diverged member. ");
        b.Append("Every value drawn here is read from the run directory's Arrow tables; each caption names them. Click a figure for its SVG. ");
        b.Append(PaperCitation);
        return b.ToString();
    }

    private static string Html(string title, string? description, string intro, List<ReportItem> items)
    {
        static string E(string s) => System.Net.WebUtility.HtmlEncode(s);
        var b = new StringBuilder();
        b.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        b.Append("<title>").Append(E(title)).Append("</title>\n<style>\n");
        b.Append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n");
        b.Append("figure{margin:2em 0;border-top:1px solid #ddd;padding-top:1em}figure img{max-width:100%;height:auto}\n");
        b.Append("figcaption{font-size:.95em}figcaption .paper{color:#555}p.note{color:#8a4b00;background:#fff6e5;padding:.4em .6em}\n");
        b.Append("table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}\n");
        b.Append("</style>\n</head>\n<body>\n");
        b.Append("<h1>").Append(E(title)).Append("</h1>\n");
        if (description is not null)
        {
            b.Append("<p>").Append(E(description)).Append("</p>\n");
        }

        b.Append(intro);
        b.Append("<nav><ul>\n");
        var sections = items.Select(i => i.Section).Distinct().ToList();
        for (var s = 0; s < sections.Count; s++)
        {
            b.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#s{s}\">{E(sections[s])}</a></li>\n");
        }

        b.Append("</ul></nav>\n");
        for (var s = 0; s < sections.Count; s++)
        {
            b.Append(CultureInfo.InvariantCulture, $"<h2 id=\"s{s}\">{E(sections[s])}</h2>\n");
            foreach (var item in items.Where(i => i.Section == sections[s]))
            {
                switch (item)
                {
                    case ReportFigure f:
                        b.Append(CultureInfo.InvariantCulture, $"<figure id=\"{f.Id}\">\n<a href=\"{f.Id}.svg\"><img src=\"{f.Id}.png\" width=\"{f.Width}\" height=\"{f.Height}\" alt=\"{E(f.Title)}\"></a>\n");
                        b.Append("<figcaption><b>").Append(E(f.Title)).Append(".</b> ").Append(E(f.Caption));
                        b.Append(" <span class=\"paper\">Paper: ").Append(E(f.PaperFigure)).Append(".</span></figcaption>\n</figure>\n");
                        break;
                    case ReportNote n:
                        b.Append("<p class=\"note\"><b>").Append(E(n.Title)).Append("</b> (paper: ").Append(E(n.PaperFigure)).Append("): ").Append(E(n.Text)).Append("</p>\n");
                        break;
                    case ReportTableItem t:
                        b.Append("<table>\n<caption>").Append(E(t.Caption)).Append("</caption>\n<tr>");
                        foreach (var h in t.Header)
                        {
                            b.Append("<th>").Append(E(h)).Append("</th>");
                        }

                        b.Append("</tr>\n");
                        foreach (var row in t.Rows)
                        {
                            b.Append("<tr>");
                            foreach (var c in row)
                            {
                                b.Append("<td>").Append(E(c)).Append("</td>");
                            }

                            b.Append("</tr>\n");
                        }

                        b.Append("</table>\n");
                        break;
                }
            }
        }

        b.Append("</body>\n</html>\n");
        return b.ToString();
    }
}
