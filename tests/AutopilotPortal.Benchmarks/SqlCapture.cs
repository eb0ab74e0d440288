using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutopilotPortal.Benchmarks;

/// <summary>Records the SQL (and parameter values) EF sends while <see cref="Enabled"/>, to explain and time each command.</summary>
internal sealed class SqlCapture : DbCommandInterceptor
{
    private readonly List<CapturedCommand> _commands = [];

    public bool Enabled { get; set; }

    public IReadOnlyList<CapturedCommand> Commands => _commands;

    public void Clear() => _commands.Clear();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Record(DbCommand command)
    {
        if (Enabled)
        {
            _commands.Add(new CapturedCommand(command.CommandText,
                command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList()));
        }
    }
}

internal sealed record CapturedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);
