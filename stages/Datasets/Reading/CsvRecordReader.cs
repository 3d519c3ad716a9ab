using System.Text;

namespace NetOrbit.Datasets.Reading;

/// <summary>
/// Minimal RFC 4180 reader: comma-separated fields, optional double quotes with <c>""</c> as an
/// escaped quote; a quoted field may not span lines. Blank lines are skipped. Tracks 1-based line numbers.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly string _file;

    public CsvRecordReader(TextReader reader, string file)
    {
        _reader = reader;
        _file = file;
    }

    /// <summary>1-based line number of the record last returned.</summary>
    public int Line { get; private set; }

    /// <summary>The next non-blank record, or null at the end.</summary>
    public string[]? Next()
    {
        while (true)
        {
            var text = _reader.ReadLine();
            if (text is null)
            {
                return null;
            }

            Line++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                return Split(text);
            }
        }
    }

    private string[] Split(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new InputFileException(_file, "unterminated quoted field (quoted fields may not span lines)", Line);
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                while (i < text.Length && text[i] is ' ' or '\t')
                {
                    i++;
                }

                if (i < text.Length && text[i] != ',')
                {
                    throw new InputFileException(_file, $"unexpected character '{text[i]}' after a quoted field", Line);
                }
            }
            else
            {
                var end = text.IndexOf(',', i);
                if (end < 0)
                {
                    end = text.Length;
                }

                field.Append(text, i, end - i);
                i = end;
            }

            fields.Add(field.ToString().Trim());
            if (i >= text.Length)
            {
                return [.. fields];
            }

            i++; // the comma
        }
    }
}
