using System.Text.Json;

namespace BareMetal.Samples.WebhookReceiver;

/// <summary>The receiver: POST /webhooks/baremetal verifies the signature, drops duplicates and logs the event.</summary>
public static partial class WebhookReceiverApp
{
    /// <summary>The path BareMetal is told to post to.</summary>
    public const string Path = "/webhooks/baremetal";

    // BareMetal's bodies are snake_case ({"id", "type", "created_at", "data"}).
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Builds the app; the secret comes from the setting Webhook:Secret.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var secret = builder.Configuration["Webhook:Secret"];
        if (string.IsNullOrEmpty(secret) || secret.Length < 16)
        {
            throw new InvalidOperationException("Set Webhook:Secret (at least 16 characters): the secret given to BareMetal when subscribing.");
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new WebhookSignatureVerifier(secret, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<DeliveryLog>();

        var app = builder.Build();
        app.MapPost(Path, ReceiveAsync);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, WebhookSignatureVerifier verifier, DeliveryLog log, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Webhooks");

        // Verify the exact bytes received: re-serialized JSON would not match the signature.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var body = buffer.ToArray();
        if (!verifier.Verify(request.Headers[WebhookSignatureVerifier.HeaderName], body, out var problem))
        {
            LogRefused(logger, problem!);
            return Results.Problem(problem, statusCode: StatusCodes.Status401Unauthorized, title: "Invalid signature");
        }

        WebhookDelivery? delivery;
        try
        {
            delivery = JsonSerializer.Deserialize<WebhookDelivery>(body, s_json);
        }
        catch (JsonException exception)
        {
            return Results.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest, title: "Not a BareMetal delivery");
        }

        if (delivery is null)
        {
            return Results.Problem("The body is empty.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (log.Add(delivery))
        {
            LogReceived(logger, delivery.Type, delivery.Id);
        }

        // 2xx also for a duplicate: it was handled the first time, and BareMetal stops retrying.
        return Results.NoContent();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Received {EventType} (delivery {DeliveryId})")]
    private static partial void LogReceived(ILogger logger, string eventType, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a delivery: {Problem}")]
    private static partial void LogRefused(ILogger logger, string problem);
}
