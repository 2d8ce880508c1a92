using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>The part every in-process Ironic test host shares: the Ironic API in noauth mode, started on its free port.</summary>
internal static class NoAuthIronicApp
{
    /// <summary>Adds the Ironic API with Ironic's noauth mode: every caller may do everything.</summary>
    public static void AddNoAuthIronicApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddIronicApi(builder.Configuration);
        builder.Services.AddAuthorization(o =>
        {
            foreach (var policy in new[] { "reader", "operator", "admin" })
            {
                o.AddPolicy(policy, p => p.RequireAssertion(_ => true));
            }
        });
    }

    /// <summary>Builds and starts the app with the Ironic API mapped; answers it and its base URL ("http://127.0.0.1:PORT").</summary>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.MapIronicApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }
}
