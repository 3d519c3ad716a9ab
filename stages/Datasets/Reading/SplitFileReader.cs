using System.Globalization;

namespace NetOrbit.Datasets.Reading;

/// <summary>
/// Reads a split file: CSV with header <c>row,split</c>, one line per dataset row, <c>row</c> the
/// 0-based row index and <c>split</c> either <c>train</c> or <c>test</c>. Every row must appear exactly once.
/// </summary>
internal static class SplitFileReader
{
    public static bool[] Read(string path, int rows)
    {
        StreamReader text;
        try
        {
            text = new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, $"cannot open the file: {e.Message}", inner: e);
        }

        using (text)
        {
            var csv = new CsvRecordReader(text, path);
            var header = csv.Next() ?? throw new InputFileException(path, "the file is empty; expected the header 'row,split'");
            var rowAt = Array.IndexOf(header, "row");
            var splitAt = Array.IndexOf(header, "split");
            if (rowAt < 0 || splitAt < 0)
            {
                throw new InputFileException(path, $"column '{(rowAt < 0 ? "row" : "split")}' is missing; expected the header 'row,split'", csv.Line);
            }

            var isTest = new bool[rows];
            var seen = new bool[rows];
            var count = 0;
            while (csv.Next() is { } record)
            {
                if (record.Length != header.Length)
                {
                    throw new InputFileException(path, $"expected {header.Length} fields as in the header, found {record.Length}", csv.Line);
                }

                if (!int.TryParse(record[rowAt], NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row >= rows)
                {
                    throw new InputFileException(path, $"'{record[rowAt]}' is not a row index of the dataset: expected an integer in [0, {rows - 1}]", csv.Line, column: "row");
                }

                if (seen[row])
                {
                    throw new InputFileException(path, $"row {row} appears twice", csv.Line, column: "row");
                }

                seen[row] = true;
                count++;
                isTest[row] = record[splitAt] switch
                {
                    "train" => false,
                    "test" => true,
                    var s => throw new InputFileException(path, $"'{s}' is not a split: expected train | test", csv.Line, column: "split"),
                };
            }

            if (count != rows)
            {
                var missing = Array.IndexOf(seen, false);
                throw new InputFileException(path, $"the file assigns {count} rows but the dataset has {rows}; row {missing} is missing");
            }

            if (!isTest.Contains(false))
            {
                throw new InputFileException(path, "every row is a test row; at least one training row is needed");
            }

            return isTest;
        }
    }
}
