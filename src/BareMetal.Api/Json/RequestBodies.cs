using System.Buffers;
using System.Text.Json;
using BareMetal.Api.Errors;
using BareMetal.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Json;

/// <summary>
/// Reads request bodies: at most <see cref="ApiOptions.MaxRequestBodyBytes"/> (413 beyond), JSON only, strictly
/// (unknown fields, wrong types, malformed JSON are 400 with the JSON path). The bytes are kept on the request so
/// the idempotency check hashes exactly what was read.
/// </summary>
internal static class RequestBodies
{
    private const string BytesItem = "BareMetal.RequestBody";

    /// <summary>The raw body (empty when there is none), read once and kept.</summary>
    public static ValueTask<ReadOnlyMemory<byte>> ReadBytesAsync(HttpContext context)
    {
        if (context.Request.ContentLength == 0)
        {
            // Most actions come without a body: nothing to read, nothing to buffer, nothing to remember.
            return ValueTask.FromResult(ReadOnlyMemory<byte>.Empty);
        }

        return context.Items[BytesItem] is byte[] known ? ValueTask.FromResult<ReadOnlyMemory<byte>>(known) : ReadNewBytesAsync(context);
    }

    private static async ValueTask<ReadOnlyMemory<byte>> ReadNewBytesAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var bytes = buffer.ToArray();
        context.Items[BytesItem] = bytes;
        return bytes;
    }

    /// <summary>The body as <typeparamref name="T"/>; null when the body is empty and <paramref name="required"/> is false.</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext context, bool required, params string[] mediaTypes)
        where T : class
    {
        var bytes = await ReadBytesAsync(context);
        if (bytes.IsEmpty)
        {
            return required ? throw ApiProblemException.BadRequest("The request needs a JSON body.") : null;
        }

        CheckMediaType(context, mediaTypes.Length == 0 ? ["application/json"] : mediaTypes);
        try
        {
            return JsonSerializer.Deserialize<T>(bytes.Span, ApiJson.Options)
                ?? throw ApiProblemException.BadRequest("The request body must be a JSON object, not null.");
        }
        catch (JsonException exception)
        {
            throw Invalid(exception);
        }
    }

    /// <summary>A 400 naming where the JSON was wrong.</summary>
    public static ApiProblemException Invalid(JsonException exception)
    {
        var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? string.Empty : $" at {exception.Path}";
        var problem = new ApiProblemException(400, "invalid-body", "Invalid request body", $"The request body is not valid{where}: {FirstSentence(exception.Message)}");
        if (!string.IsNullOrEmpty(exception.Path))
        {
            problem.Extensions["path"] = exception.Path;
        }

        return problem;
    }

    /// <summary>Refuses a body whose Content-Type is not one of <paramref name="mediaTypes"/> (415).</summary>
    public static void CheckMediaType(HttpContext context, IReadOnlyList<string> mediaTypes)
    {
        var contentType = context.Request.ContentType;
        var mediaType = contentType?.Split(';', 2)[0].Trim();
        if (mediaType is null || !mediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            throw new ApiProblemException(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                $"The body must be sent as {string.Join(" or ", mediaTypes)} (was '{contentType ?? "none"}').");
        }
    }

    private static ApiProblemException TooLarge(long limit) =>
        new(413, "body-too-large", "Request body too large", $"The request body exceeds the limit of {limit} bytes (setting {ApiOptions.SectionName}:MaxRequestBodyBytes).");

    // System.Text.Json appends "Path: ... | LineNumber: ..." to its messages; the path is reported separately.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
