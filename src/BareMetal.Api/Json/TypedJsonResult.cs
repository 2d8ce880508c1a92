using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Json;

/// <summary>
/// A JSON answer written in one piece with its Content-Length: serialized with a known type's metadata into a buffer
/// the thread reuses, then copied to the response. What <c>Results.Json</c> answers, without its per-request logger
/// lookup (a lock shared by all requests), its type lookup and its chunked transfer encoding.
/// </summary>
/// <typeparam name="T">The answer's type.</typeparam>
internal sealed class TypedJsonResult<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode, string? location = null) : IResult, IStatusCodeHttpResult
{
    /// <summary>The media type of every JSON answer.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    public int? StatusCode => statusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        if (location is not null)
        {
            response.Headers.Location = location;
        }

        // Serialized and copied before the first await, so the thread's buffer is free again when this returns.
        var (buffer, writer) = JsonResponseBuffer.Rent(typeInfo.Options);
        try
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.Flush();
            response.ContentLength = buffer.WrittenCount;
            response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            JsonResponseBuffer.Return(buffer, writer);
        }

        return response.BodyWriter.FlushAsync(httpContext.RequestAborted).AsTask();
    }
}
