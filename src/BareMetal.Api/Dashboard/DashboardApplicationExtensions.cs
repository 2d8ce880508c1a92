using System.Diagnostics.Metrics;
using BareMetal.Api.Dashboard;
using BareMetal.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the live dashboard.</summary>
public static class DashboardApplicationExtensions
{
    /// <summary>
    /// Serves the dashboard at /dashboard (its page and scripts are built into this assembly, no network needed) and
    /// its live feed at /dashboard/api/stream (reader role). Needs the services of <c>AddBareMetalApi</c>.
    /// </summary>
    public static WebApplication MapBareMetalDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseBareMetalApiMiddleware();
        var feed = new DashboardFeed(
            app.Services.GetRequiredService<IGrainFactory>(),
            app.Services.GetService<TimeProvider>() ?? TimeProvider.System,
            app.Services.GetRequiredService<ILogger<DashboardFeed>>(),
            app.Services.GetService<IMeterFactory>());
        app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(feed.Dispose);

        // The page's links are relative, so the page itself must be addressed as /dashboard/.
        app.MapGet("/dashboard/{file?}", (HttpContext context, string? file) => file is null && context.Request.Path.Value?.EndsWith('/') != true
                ? Results.Redirect(context.Request.PathBase + "/dashboard/")
                : DashboardAssets.Serve(file))
            .ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/dashboard/api/me", (HttpContext context) => Results.Json(new
        {
            client = context.User.ClientName(),
            canOperate = context.User.IsInRole(ApiRoles.Operator),
        })).ExcludeFromDescription().RequireAuthorization(ApiRoles.Reader);
        app.MapGet("/dashboard/api/stream", (HttpContext context) => DashboardStream.WriteAsync(context, feed))
            .ExcludeFromDescription().RequireAuthorization(ApiRoles.Reader);
        return app;
    }
}
