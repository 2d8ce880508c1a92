namespace BareMetal.Api.Ironic;

/// <summary>The Ironic names of node fields the shared input checks name in the native API's spelling.</summary>
internal static class NodeFieldNames
{
    public static string Ironic(string nativeName) => nativeName switch
    {
        "driverInfo" => "driver_info",
        "resourceClass" => "resource_class",
        _ => nativeName,
    };
}
