using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutopilotPortal.Core.Data;

/// <summary>Plain ADO.NET commands on a context's connection, in its current transaction.</summary>
internal static class ContextCommand
{
    /// <summary>A command on the context's connection, in its current transaction, with named parameters.</summary>
    public static DbCommand Create(DbContext db, string sql, params (string Name, object Value)[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
