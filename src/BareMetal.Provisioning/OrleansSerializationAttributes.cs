// The contracts carry Orleans' serialization attributes ([GenerateSerializer], [Id], [Alias]) so that they are
// version-tolerant on the wire: a type or method can be renamed and a member added without breaking a running
// cluster. Aliases rather than an import of the Orleans namespace, whose [Immutable] would clash with ours while the
// grains still run on our runtime.
global using AliasAttribute = Orleans.AliasAttribute;
global using GenerateSerializerAttribute = Orleans.GenerateSerializerAttribute;
global using IdAttribute = Orleans.IdAttribute;
