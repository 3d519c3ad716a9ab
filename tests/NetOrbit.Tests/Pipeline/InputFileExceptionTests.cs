using Xunit;

namespace NetOrbit.Tests.Pipeline;

public sealed class InputFileExceptionTests
{
    [Fact]
    public void Message_AllLocations_OneLineInOrder()
    {
        var e = new InputFileException("/d/a.csv", "'x' is not a number", line: 4, row: 2, column: "b");

        Assert.Equal("/d/a.csv (line 4, row 2, column 'b'): 'x' is not a number", e.Message);
        Assert.Equal(("/d/a.csv", 4, 2L, "b"), (e.File, e.Line, e.Row, e.Column));
    }

    [Fact]
    public void Message_ProblemWithNewline_StaysOneLine()
    {
        var e = new InputFileException("f", "bad\nvalue");

        Assert.Equal("f: bad\\nvalue", e.Message);
    }
}
