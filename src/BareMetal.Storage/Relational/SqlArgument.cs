using System.Data;

namespace BareMetal.Storage.Relational;

/// <summary>One named, typed parameter value of a <see cref="GroupStatement"/>.</summary>
internal readonly record struct SqlArgument(string Name, DbType Type, object? Value);
