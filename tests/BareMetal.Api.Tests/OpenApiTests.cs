using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Api.Tests;

/// <summary>The OpenAPI document served by the host lists exactly the /api endpoints the gateway maps.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class OpenApiTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task The_document_lists_every_mapped_api_endpoint_and_nothing_else()
    {
        using var client = fixture.Host.Client();
        var document = await client.GetFromJsonAsync<JsonNode>("openapi/v1.json");
        var documented = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document!["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject())
            {
                documented.Add($"{method.ToUpperInvariant()} {path}");
            }
        }

        var mapped = MappedApiEndpoints();
        Assert.True(
            mapped.SetEquals(documented),
            $"Mapped but not documented: {string.Join(", ", mapped.Except(documented))}; documented but not mapped: {string.Join(", ", documented.Except(mapped))}");
    }

    /// <summary>The endpoints MapBareMetalApi maps, read from a gateway application built in this process (never started).</summary>
    private static SortedSet<string> MappedApiEndpoints()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(DispatchProxy.Create<Orleans.IGrainFactory, UnreachableGrainFactory>());
        builder.Services.AddBareMetalApi(builder.Configuration);
        var app = builder.Build();
        app.MapBareMetalApi();
        var mapped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            var path = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            if (!path.StartsWith("/api", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                mapped.Add($"{method} {path}");
            }
        }

        Assert.NotEmpty(mapped);
        return mapped;
    }

    /// <summary>Only the endpoint list is read: no request is ever handled, so no grain is ever asked for.</summary>
    public class UnreachableGrainFactory : DispatchProxy
    {
        /// <inheritdoc />
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"{targetMethod?.Name} is not used: the application is never started.");
    }
}
