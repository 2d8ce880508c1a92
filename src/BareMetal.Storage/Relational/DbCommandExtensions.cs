using System.Data;
using System.Data.Common;

namespace BareMetal.Storage.Relational;

/// <summary>Provider-neutral parameter helpers; both engines accept <c>@name</c> placeholders.</summary>
internal static class DbCommandExtensions
{
    public static void AddParameter(this DbCommand command, string name, string value) => Add(command, name, DbType.String, value);

    public static void AddParameter(this DbCommand command, string name, long value) => Add(command, name, DbType.Int64, value);

    public static void AddParameter(this DbCommand command, string name, int value) => Add(command, name, DbType.Int32, value);

    public static void AddParameter(this DbCommand command, string name, byte[]? value) => Add(command, name, DbType.Binary, value);

    public static void AddParameter(this DbCommand command, string name, DbType type, object? value) => Add(command, name, type, value);

    private static void Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
