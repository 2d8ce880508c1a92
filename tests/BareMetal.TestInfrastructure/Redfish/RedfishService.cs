using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BareMetal.TestInfrastructure.Redfish;

/// <summary>
/// A small Redfish service (DMTF DSP0266) on a loopback port, standing in for a BMC: the service root, the Systems
/// collection, ComputerSystems with @odata.etag and the #ComputerSystem.Reset action, and the SessionService. It is
/// strict where real BMCs are: a method a resource does not support gets 405, a request without valid credentials
/// 401, a PATCH with a stale If-Match 412 (and without one, when <see cref="RequireIfMatch"/>, 428), a ResetType or
/// property value it does not offer 400, each with a Redfish error body. Faults: <see cref="Hang"/> holds every
/// request unanswered, <see cref="StopAsync"/> makes the BMC unreachable (and <see cref="StartAsync"/> brings it
/// back on the same port), <see cref="ExpireSessions"/> forgets every session as a BMC reboot does.
/// </summary>
public sealed class RedfishService : IAsyncDisposable
{
    private const string Root = "/redfish/v1";
    private const string SessionsPath = Root + "/SessionService/Sessions";

    private readonly ConcurrentDictionary<string, string> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RedfishRequestRecord> _requests = new();
    private readonly Dictionary<string, RedfishSystemState> _systems;
    private readonly bool _https;
    private readonly X509Certificate2? _certificate;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private int _port;
    private int _nextSession;
    private int _logins;
    private int _inFlight;
    private int _hanging;
    private int _peakInFlight;
    private volatile bool _hang;

    /// <summary>Creates the service (not started).</summary>
    /// <param name="https">Serve HTTPS with a self-signed certificate for 127.0.0.1 (see <see cref="CertificatePemPath"/>).</param>
    /// <param name="systemIds">The ComputerSystems' ids; one, "1", by default.</param>
    public RedfishService(bool https = false, params string[] systemIds)
    {
        _https = https;
        _systems = (systemIds.Length == 0 ? ["1"] : systemIds).ToDictionary(id => id, id => new RedfishSystemState(id), StringComparer.Ordinal);
        if (https)
        {
            _certificate = CreateCertificate();
            CertificatePemPath = Path.Combine(Path.GetTempPath(), $"redfish-ca-{Guid.NewGuid():N}.pem");
            File.WriteAllText(CertificatePemPath, _certificate.ExportCertificatePem());
        }
    }

    /// <summary>The user the service accepts.</summary>
    public string Username { get; set; } = "admin";

    /// <summary>That user's password.</summary>
    public string Password { get; set; } = "r3dfish-Secret!";

    /// <summary>Whether a PATCH must carry If-Match (428 without it), as some BMCs demand.</summary>
    public bool RequireIfMatch { get; set; }

    /// <summary>
    /// How many of the next PATCHes find the system changed just before they arrive (another client won the race), so
    /// their If-Match is stale and they get 412.
    /// </summary>
    public int ChangeBeforeNextPatches { get; set; }

    /// <summary>Whether the SessionService exists; without it logins get 404 and only basic auth works.</summary>
    public bool SessionsEnabled { get; set; } = true;

    /// <summary>The base URL ("http://127.0.0.1:PORT" or https), valid once started.</summary>
    public Uri Address => new($"{(_https ? "https" : "http")}://127.0.0.1:{_port}");

    /// <summary>The host and port ("127.0.0.1:PORT").</summary>
    public string HostAndPort => $"127.0.0.1:{_port}";

    /// <summary>For HTTPS: a PEM file with the service's self-signed certificate, usable as a CA bundle.</summary>
    public string? CertificatePemPath { get; }

    /// <summary>The only (or first) system.</summary>
    public RedfishSystemState System => _systems.Values.First();

    /// <summary>The systems by id.</summary>
    public IReadOnlyDictionary<string, RedfishSystemState> Systems => _systems;

    /// <summary>How many sessions were opened.</summary>
    public int Logins => Volatile.Read(ref _logins);

    /// <summary>The most requests that were being answered at once.</summary>
    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    /// <summary>The requests answered so far, in order.</summary>
    public IReadOnlyList<RedfishRequestRecord> Requests => [.. _requests];

    /// <summary>How many requests are being held by <see cref="Hang"/>.</summary>
    public int Hanging => Volatile.Read(ref _hanging);

    /// <summary>While true, requests are held without an answer (a hung BMC); setting it false answers them.</summary>
    public bool Hang
    {
        get => _hang;
        set
        {
            _hang = value;
            if (!value)
            {
                Interlocked.Exchange(ref _release, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
    }

    /// <summary>Forgets every session, as a BMC reboot does: tokens given out before get 401.</summary>
    public void ExpireSessions() => _sessions.Clear();

    /// <summary>Starts listening (on the same port as before after a <see cref="StopAsync"/>).</summary>
    public async Task StartAsync()
    {
        if (_app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port, listen =>
        {
            if (_certificate is not null)
            {
                listen.UseHttps(_certificate);
            }
        }));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;
        if (_port == 0)
        {
            _port = new Uri(app.Urls.First()).Port;
        }
    }

    /// <summary>Stops listening: the BMC is unreachable (connections are refused) until started again.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            Hang = false;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _certificate?.Dispose();
        if (CertificatePemPath is not null)
        {
            File.Delete(CertificatePemPath);
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var peak = PeakInFlight; inFlight > peak; peak = PeakInFlight)
        {
            Interlocked.CompareExchange(ref _peakInFlight, inFlight, peak);
        }

        var authentication = "none";
        try
        {
            if (_hang)
            {
                Interlocked.Increment(ref _hanging);
                try
                {
                    await Volatile.Read(ref _release).Task.WaitAsync(http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                finally
                {
                    Interlocked.Decrement(ref _hanging);
                }
            }

            var path = http.Request.Path.Value ?? "/";
            if (path.Length > 1)
            {
                path = path.TrimEnd('/');
            }

            authentication = Authenticate(http.Request);
            var (status, body) = await AnswerAsync(http, path, authentication);
            http.Response.StatusCode = status;
            http.Response.Headers["OData-Version"] = "4.0";
            _requests.Enqueue(new RedfishRequestRecord(http.Request.Method, path, status, authentication));
            if (body is not null)
            {
                http.Response.ContentType = "application/json; charset=utf-8";
                await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<(int Status, JsonObject? Body)> AnswerAsync(HttpContext http, string path, string authentication)
    {
        var method = http.Request.Method;
        var authenticated = authentication != "none";
        switch (path)
        {
            case "/redfish":
                return method == "GET" ? (200, new JsonObject { ["v1"] = Root + "/" }) : NotAllowed(http, path, "GET");
            case Root:
                return method == "GET" ? (200, ServiceRoot()) : NotAllowed(http, path, "GET");
            case Root + "/SessionService":
                return !SessionsEnabled ? Missing(path)
                    : method != "GET" ? NotAllowed(http, path, "GET")
                    : !authenticated ? Unauthorized(http, path)
                    : (200, SessionService());
            case SessionsPath:
                if (!SessionsEnabled)
                {
                    return Missing(path);
                }

                return method switch
                {
                    "POST" => await LogInAsync(http),
                    "GET" when !authenticated => Unauthorized(http, path),
                    "GET" => (200, Collection(path, "#SessionCollection.SessionCollection", "Session Collection", _sessions.Values)),
                    _ => NotAllowed(http, path, "GET, POST"),
                };
            case Root + "/Systems":
                return method != "GET" ? NotAllowed(http, path, "GET")
                    : !authenticated ? Unauthorized(http, path)
                    : (200, Collection(path, "#ComputerSystemCollection.ComputerSystemCollection", "Computer System Collection", _systems.Values.Select(s => s.Path)));
        }

        if (path.StartsWith(SessionsPath + "/", StringComparison.Ordinal) && SessionsEnabled)
        {
            var id = path[(SessionsPath.Length + 1)..];
            if (!_sessions.Values.Contains(path))
            {
                return Missing(path);
            }

            return method switch
            {
                _ when !authenticated => Unauthorized(http, path),
                "GET" => (200, new JsonObject
                {
                    ["@odata.id"] = path,
                    ["@odata.type"] = "#Session.v1_3_0.Session",
                    ["Id"] = id,
                    ["Name"] = "User Session",
                    ["UserName"] = Username,
                }),
                "DELETE" => LogOut(path),
                _ => NotAllowed(http, path, "GET, DELETE"),
            };
        }

        foreach (var system in _systems.Values)
        {
            if (path == system.Path)
            {
                return method switch
                {
                    _ when method is not ("GET" or "PATCH") => NotAllowed(http, path, "GET, PATCH"),
                    _ when !authenticated => Unauthorized(http, path),
                    "GET" => Resource(http, system),
                    _ => await PatchAsync(http, system),
                };
            }

            if (path == system.Path + "/Actions/ComputerSystem.Reset")
            {
                return method != "POST" ? NotAllowed(http, path, "POST")
                    : !authenticated ? Unauthorized(http, path)
                    : await ResetAsync(http, system);
            }
        }

        return Missing(path);
    }

    private string Authenticate(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Auth-Token", out var token) && _sessions.ContainsKey(token.ToString()))
        {
            return "session";
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                if (pair == $"{Username}:{Password}")
                {
                    return "basic";
                }
            }
            catch (FormatException)
            {
                return "none";
            }
        }

        return "none";
    }

    private async Task<(int, JsonObject?)> LogInAsync(HttpContext http)
    {
        var body = await ReadObjectAsync(http);
        if (body is null)
        {
            return (400, RedfishMessages.Error("MalformedJSON", "The request body submitted was malformed JSON and could not be parsed by the receiving service.", "Ensure that the request body is valid JSON and resubmit the request."));
        }

        var user = body["UserName"] is JsonValue u && u.TryGetValue<string>(out var userName) ? userName : null;
        var password = body["Password"] is JsonValue p && p.TryGetValue<string>(out var secret) ? secret : null;
        if (user is null || password is null)
        {
            var missing = user is null ? "UserName" : "Password";
            return (400, RedfishMessages.Error("PropertyMissing", $"The property {missing} is a required property and must be included in the request.", "Ensure that the property is in the request body and has a valid value and resubmit the request if the operation failed.", missing));
        }

        if (user != Username || password != Password)
        {
            return (401, RedfishMessages.Error("ResourceAtUriUnauthorized", $"While accessing the resource at {SessionsPath}, the service received an authorization error: invalid user name or password.", "Ensure that the appropriate access is provided for the service in order for it to access the URI.", SessionsPath, "invalid user name or password"));
        }

        var id = Interlocked.Increment(ref _nextSession).ToString(CultureInfo.InvariantCulture);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var location = $"{SessionsPath}/{id}";
        _sessions[token] = location;
        Interlocked.Increment(ref _logins);
        http.Response.Headers["X-Auth-Token"] = token;
        http.Response.Headers.Location = location;
        return (201, new JsonObject
        {
            ["@odata.id"] = location,
            ["@odata.type"] = "#Session.v1_3_0.Session",
            ["Id"] = id,
            ["Name"] = "User Session",
            ["UserName"] = user,
        });
    }

    private (int, JsonObject?) LogOut(string location)
    {
        foreach (var pair in _sessions.Where(p => p.Value == location).ToList())
        {
            _sessions.TryRemove(pair);
        }

        return (204, null);
    }

    private static (int, JsonObject?) Resource(HttpContext http, RedfishSystemState system)
    {
        var (body, etag) = SystemDocument(system);
        http.Response.Headers.ETag = etag;
        return (200, body);
    }

    private static async Task<(int, JsonObject?)> PatchAsync(HttpContext http, RedfishSystemState system, bool requireIfMatch)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0 && requireIfMatch)
        {
            return (428, RedfishMessages.Error("PreconditionRequired", "A precondition header or annotation is required to change the resource.", "Try the request again with the If-Match header and the current ETag of the resource."));
        }

        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != system.ETag)
        {
            return (412, RedfishMessages.Error("PreconditionFailed", "The ETag supplied did not match the ETag required to change this resource.", "Try the operation again using the appropriate ETag."));
        }

        var body = await ReadObjectAsync(http);
        if (body is null)
        {
            return (400, RedfishMessages.Error("MalformedJSON", "The request body submitted was malformed JSON and could not be parsed by the receiving service.", "Ensure that the request body is valid JSON and resubmit the request."));
        }

        string? target = null;
        string? enabled = null;
        foreach (var (name, value) in body)
        {
            if (name != "Boot" || value is not JsonObject boot)
            {
                return (400, RedfishMessages.Error("PropertyNotWritable", $"The property {name} is a read only property and cannot be assigned a value.", "Remove the property from the request body and resubmit the request if the operation failed.", name));
            }

            foreach (var (bootName, bootValue) in boot)
            {
                var text = bootValue is JsonValue v && v.TryGetValue<string>(out var s) ? s : bootValue?.ToJsonString() ?? "null";
                var (allowed, assign) = bootName switch
                {
                    "BootSourceOverrideTarget" => (RedfishSystemState.BootTargets, (Action<string>)(t => target = t)),
                    "BootSourceOverrideEnabled" => (RedfishSystemState.BootEnabledValues, e => enabled = e),
                    _ => ((IReadOnlyList<string>?)null, (Action<string>?)null),
                };
                if (allowed is null || assign is null)
                {
                    return (400, RedfishMessages.Error("PropertyUnknown", $"The property {bootName} is not in the list of valid properties for the resource.", "Remove the unknown property from the request body and resubmit the request if the operation failed.", bootName));
                }

                if (!allowed.Contains(text, StringComparer.Ordinal))
                {
                    return (400, RedfishMessages.Error("PropertyValueNotInList", $"The value {text} for the property {bootName} is not in the list of acceptable values.", "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed.", text, bootName));
                }

                assign(text);
            }
        }

        system.PatchBoot(target, enabled);
        return Resource(http, system);
    }

    private Task<(int, JsonObject?)> PatchAsync(HttpContext http, RedfishSystemState system)
    {
        if (ChangeBeforeNextPatches > 0)
        {
            ChangeBeforeNextPatches--;
            system.Touch();
        }

        return PatchAsync(http, system, RequireIfMatch);
    }

    private static async Task<(int, JsonObject?)> ResetAsync(HttpContext http, RedfishSystemState system)
    {
        var body = await ReadObjectAsync(http);
        if (body is null)
        {
            return (400, RedfishMessages.Error("MalformedJSON", "The request body submitted was malformed JSON and could not be parsed by the receiving service.", "Ensure that the request body is valid JSON and resubmit the request."));
        }

        if (body["ResetType"] is not JsonValue value || !value.TryGetValue<string>(out var resetType))
        {
            return (400, RedfishMessages.Error("ActionParameterMissing", "The action ComputerSystem.Reset requires the parameter ResetType to be present in the request body.", "Supply the action with the required parameter in the request body when the request is resubmitted.", "ComputerSystem.Reset", "ResetType"));
        }

        if (!RedfishSystemState.ResetTypes.Contains(resetType, StringComparer.Ordinal))
        {
            return (400, RedfishMessages.Error("ActionParameterValueNotInList", $"The value {resetType} for the parameter ResetType in the action ComputerSystem.Reset is not in the list of acceptable values.", "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed.", resetType, "ResetType", "ComputerSystem.Reset"));
        }

        system.Reset(resetType);
        return (204, null);
    }

    private static (JsonObject Body, string ETag) SystemDocument(RedfishSystemState system)
    {
        var etag = system.ETag;
        return (new JsonObject
        {
            ["@odata.id"] = system.Path,
            ["@odata.type"] = "#ComputerSystem.v1_13_0.ComputerSystem",
            ["@odata.etag"] = etag,
            ["Id"] = system.Id,
            ["Name"] = $"Test system {system.Id}",
            ["SystemType"] = "Physical",
            ["PowerState"] = system.PowerState,
            ["Status"] = new JsonObject { ["State"] = "Enabled", ["Health"] = "OK" },
            ["Boot"] = new JsonObject
            {
                ["BootSourceOverrideEnabled"] = system.BootEnabled,
                ["BootSourceOverrideTarget"] = system.BootTarget,
                ["BootSourceOverrideTarget@Redfish.AllowableValues"] = new JsonArray([.. RedfishSystemState.BootTargets.Select(t => JsonValue.Create(t))]),
                ["BootSourceOverrideMode"] = "UEFI",
            },
            ["Actions"] = new JsonObject
            {
                ["#ComputerSystem.Reset"] = new JsonObject
                {
                    ["target"] = system.Path + "/Actions/ComputerSystem.Reset",
                    ["ResetType@Redfish.AllowableValues"] = new JsonArray([.. RedfishSystemState.ResetTypes.Select(t => JsonValue.Create(t))]),
                },
            },
        }, etag);
    }

    private JsonObject ServiceRoot()
    {
        var root = new JsonObject
        {
            ["@odata.id"] = Root + "/",
            ["@odata.type"] = "#ServiceRoot.v1_11_0.ServiceRoot",
            ["Id"] = "RootService",
            ["Name"] = "Root Service",
            ["RedfishVersion"] = "1.11.0",
            ["UUID"] = "92384634-2938-2342-8820-489239905423",
            ["Systems"] = new JsonObject { ["@odata.id"] = Root + "/Systems" },
        };
        if (SessionsEnabled)
        {
            root["SessionService"] = new JsonObject { ["@odata.id"] = Root + "/SessionService" };
            root["Links"] = new JsonObject { ["Sessions"] = new JsonObject { ["@odata.id"] = SessionsPath } };
        }

        return root;
    }

    private static JsonObject SessionService() => new()
    {
        ["@odata.id"] = Root + "/SessionService",
        ["@odata.type"] = "#SessionService.v1_1_8.SessionService",
        ["Id"] = "SessionService",
        ["Name"] = "Session Service",
        ["ServiceEnabled"] = true,
        ["SessionTimeout"] = 600,
        ["Sessions"] = new JsonObject { ["@odata.id"] = SessionsPath },
    };

    private static JsonObject Collection(string path, string type, string name, IEnumerable<string> members)
    {
        var links = members.Select(m => (JsonNode)new JsonObject { ["@odata.id"] = m }).ToArray();
        return new JsonObject
        {
            ["@odata.id"] = path,
            ["@odata.type"] = type,
            ["Name"] = name,
            ["Members@odata.count"] = links.Length,
            ["Members"] = new JsonArray(links),
        };
    }

    private static (int, JsonObject?) Missing(string path) =>
        (404, RedfishMessages.Error("ResourceMissingAtURI", $"The resource at the URI {path} was not found.", "Place a valid resource at the URI or correct the URI and resubmit the request.", path));

    private static (int, JsonObject?) NotAllowed(HttpContext http, string path, string allow)
    {
        http.Response.Headers.Allow = allow;
        return (405, RedfishMessages.Error("OperationNotAllowed", $"The HTTP method {http.Request.Method} is not allowed on the resource {path}.", $"Use one of the methods the resource allows: {allow}."));
    }

    private static (int, JsonObject?) Unauthorized(HttpContext http, string path)
    {
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"redfish\"";
        return (401, RedfishMessages.Error("NoValidSession", "There is no valid session established with the implementation.", "Establish a session before attempting any operations.", path));
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Self-signed and its own CA, for 127.0.0.1 and localhost: a PEM of it works as a CA bundle.
    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Redfish test BMC", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // A certificate whose key lives only in memory cannot serve TLS on every platform; a PKCS#12 round trip fixes that.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
