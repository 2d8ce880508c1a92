namespace BareMetal.Storage.Relational;

/// <summary>
/// One statement of a commit group. Every group statement returns at most one row (DML carries
/// <c>RETURNING</c>), so a row means "this statement took effect" and its columns are the outcome.
/// </summary>
internal readonly record struct GroupStatement(string Sql, SqlArgument[] Arguments);
