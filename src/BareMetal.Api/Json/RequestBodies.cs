using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using BareMetal.Api.Errors;
using BareMetal.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Api.Json;

/// <summary>
/// Reads request bodies, for the native API and the Ironic API alike: at most
/// <see cref="ApiOptions.MaxRequestBodyBytes"/> (413 beyond), JSON only, strictly (invalid UTF-8, duplicate fields,
/// unknown fields, wrong types and malformed JSON are 400 naming the field). The bytes are kept on the request so the
/// idempotency check hashes exactly what was read.
/// </summary>
internal static class RequestBodies
{
    private const string BytesItem = "BareMetal.RequestBody";

    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

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
        EnsureUtf8(bytes.Span);
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

    /// <summary>
    /// <paramref name="bytes"/> as a JSON document (null for the literal null), read as strictly as typed bodies:
    /// UTF-8 only, no duplicate fields, no comments or trailing commas.
    /// </summary>
    public static JsonNode? ParseNode(ReadOnlyMemory<byte> bytes)
    {
        EnsureUtf8(bytes.Span);
        try
        {
            return JsonNode.Parse(bytes.Span, documentOptions: s_documentOptions);
        }
        catch (JsonException exception)
        {
            throw Invalid(exception);
        }
    }

    /// <summary>
    /// Refuses a body that is not UTF-8. The JSON reader itself only checks the bytes inside a string when the string is
    /// read, and then either fails with an error of its own or (when the string is decoded leniently) replaces them
    /// with U+FFFD, storing something the client never sent.
    /// </summary>
    public static void EnsureUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return;
        }

        var offset = 0;
        while (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        throw new ApiProblemException(400, "invalid-body", "Invalid request body", $"The request body is not valid UTF-8 (the byte at offset {offset} is not); JSON must be sent as UTF-8.");
    }

    /// <summary>A 400 naming where the JSON was wrong.</summary>
    public static ApiProblemException Invalid(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var problem = new ApiProblemException(400, "invalid-body", "Invalid request body", $"The request body is not valid: {JsonErrors.Describe(exception)}.");
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
}
