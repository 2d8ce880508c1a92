using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// The symmetric handshake both sides run before any other frame:
/// <list type="number">
/// <item>each sends a hello (magic, version, role, flags, nonce, cluster id, identity) and reads the peer's;</item>
/// <item>each checks version, cluster id, secret presence and role, then sends its proof
/// <c>HMAC-SHA256(secret, label || direction || peerNonce || ownNonce || ownIdentity || peerIdentity || clusterId)</c>
/// (strings length-prefixed) and verifies the peer's with a fixed-time comparison.</item>
/// </list>
/// The proof covers more than <c>peerNonce || ownIdentity || clusterId</c> on purpose: the direction
/// byte stops a peer from replaying a proof a silo made as acceptor back to it (or to another silo)
/// as an initiator's proof, and length prefixes make the concatenation unambiguous.
/// A side that refuses sends a reject frame (reason byte + UTF-8 text), then reads until the peer
/// closes or rejects too, so its own close never resets the connection before the peer read why.
/// </summary>
internal static partial class Handshake
{
    private const int ProofSize = 32;
    private const int MaxRejectTextBytes = 1024;
    private const byte InitiatorProof = 1;
    private const byte AcceptorProof = 2;

    public static async Task<HandshakeResult> RunAsync(
        ConnectionContext context,
        HandshakeSettings settings,
        EndPoint remote,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var input = context.Transport.Input;
        var output = context.Transport.Output;
        var direction = settings.IsInitiator ? "outbound" : "inbound";
        try
        {
            var ownNonce = RandomNumberGenerator.GetBytes(HelloMessage.NonceSize);
            var hello = new HelloMessage(settings.AdvertisedVersion, settings.LocalRole, settings.HasSecret, ownNonce, settings.ClusterId, settings.LocalIdentity);
            var helloBody = new ArrayBufferWriter<byte>(256);
            hello.WriteTo(helloBody);
            await WriteFrameAsync(output, FrameKind.Hello, helloBody.WrittenMemory, deadline.Token).ConfigureAwait(false);

            var frame = await ReadFrameAsync(input, deadline.Token).ConfigureAwait(false);
            var peer = await CheckHelloAsync(frame, settings, context, remote, logger, direction, deadline.Token).ConfigureAwait(false);

            var proof = ComputeProof(
                settings.SecretKey,
                settings.IsInitiator ? InitiatorProof : AcceptorProof,
                challengeNonce: peer.Nonce,
                proverNonce: ownNonce,
                proverIdentity: settings.LocalIdentity,
                verifierIdentity: peer.Identity,
                settings.ClusterId);
            await WriteFrameAsync(output, FrameKind.Proof, proof, deadline.Token).ConfigureAwait(false);

            frame = await ReadFrameAsync(input, deadline.Token).ConfigureAwait(false);
            if (frame is not { } proofFrame)
            {
                throw await RefuseAsync(context, remote, logger, direction, HandshakeFailure.ProofMissing,
                    "it closed the connection without proving it knows the cluster secret", sendReject: false, deadline.Token).ConfigureAwait(false);
            }

            if (proofFrame.Kind == (byte)FrameKind.Reject)
            {
                throw RefusedByRemote(proofFrame.Body, remote, logger, direction);
            }

            if (proofFrame.Kind != (byte)FrameKind.Proof || proofFrame.Body.Length != ProofSize)
            {
                throw await RefuseAsync(context, remote, logger, direction, HandshakeFailure.ProofMissing,
                    "it sent no proof of the cluster secret", sendReject: true, deadline.Token).ConfigureAwait(false);
            }

            var expected = ComputeProof(
                settings.SecretKey,
                settings.IsInitiator ? AcceptorProof : InitiatorProof,
                challengeNonce: ownNonce,
                proverNonce: peer.Nonce,
                proverIdentity: peer.Identity,
                verifierIdentity: settings.LocalIdentity,
                settings.ClusterId);
            if (!CryptographicOperations.FixedTimeEquals(expected, proofFrame.Body))
            {
                throw await RefuseAsync(context, remote, logger, direction, HandshakeFailure.SecretMismatch,
                    "its proof of the cluster secret is wrong (the ClusterSecret settings differ)", sendReject: true, deadline.Token).ConfigureAwait(false);
            }

            return new HandshakeResult(peer.Role, peer.Identity);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"the handshake did not finish within {settings.Timeout.TotalMilliseconds:0} ms");
            LogRefused(logger, direction, remote, reason);
            throw new ClusterHandshakeException(HandshakeFailure.Timeout, remote, refusedByRemote: false, Describe(remote, reason));
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException or InvalidOperationException && ex is not ClusterTransportException)
        {
            // Reset or aborted under us, or the pipe was completed: the peer went away mid-handshake.
            var reason = "the connection was lost during the handshake: " + ex.Message;
            LogRefused(logger, direction, remote, reason);
            throw new ClusterHandshakeException(HandshakeFailure.ConnectionClosed, remote, refusedByRemote: false, Describe(remote, reason));
        }
    }

    private static async Task<HelloMessage> CheckHelloAsync(
        HandshakeFrame? frame,
        HandshakeSettings settings,
        ConnectionContext context,
        EndPoint remote,
        ILogger logger,
        string direction,
        CancellationToken cancellationToken)
    {
        if (frame is not { } helloFrame)
        {
            throw await RefuseAsync(context, remote, logger, direction, HandshakeFailure.ConnectionClosed,
                "it closed the connection during the handshake", sendReject: false, cancellationToken).ConfigureAwait(false);
        }

        if (helloFrame.Kind == (byte)FrameKind.Reject)
        {
            throw RefusedByRemote(helloFrame.Body, remote, logger, direction);
        }

        if (helloFrame.Kind != (byte)FrameKind.Hello || !HelloMessage.TryReadPreamble(helloFrame.Body, out var version))
        {
            throw await RefuseAsync(context, remote, logger, direction, HandshakeFailure.NotAClusterPeer,
                "it does not speak the BareMetal cluster protocol (no hello)", sendReject: true, cancellationToken).ConfigureAwait(false);
        }

        if (version != settings.AdvertisedVersion)
        {
            throw await RefuseAsync(context, remote, logger, direction, HandshakeFailure.ProtocolVersionMismatch,
                string.Create(CultureInfo.InvariantCulture, $"it speaks wire protocol version {version}; this {settings.RoleWord} speaks {settings.AdvertisedVersion}"),
                sendReject: true, cancellationToken).ConfigureAwait(false);
        }

        if (HelloMessage.TryRead(helloFrame.Body) is not { } peer)
        {
            throw await RefuseAsync(context, remote, logger, direction, HandshakeFailure.NotAClusterPeer,
                "its hello is malformed", sendReject: true, cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(peer.ClusterId, settings.ClusterId, StringComparison.Ordinal))
        {
            throw await RefuseAsync(context, remote, logger, direction, HandshakeFailure.ClusterIdMismatch,
                $"it belongs to cluster '{peer.ClusterId}'; this {settings.RoleWord} belongs to cluster '{settings.ClusterId}'",
                sendReject: true, cancellationToken).ConfigureAwait(false);
        }

        if (peer.HasSecret != settings.HasSecret)
        {
            var text = settings.HasSecret
                ? $"it has no ClusterSecret (dev mode) and this {settings.RoleWord} has one"
                : $"it has a ClusterSecret and this {settings.RoleWord} has none (dev mode)";
            throw await RefuseAsync(context, remote, logger, direction, HandshakeFailure.SecretMismatch, text, sendReject: true, cancellationToken).ConfigureAwait(false);
        }

        if (peer.Role == ClusterRole.Client && (settings.IsInitiator || !settings.AcceptClients))
        {
            var text = settings.IsInitiator
                ? "it is a client, not a silo"
                : "it is a client and this port accepts only silos (not a gateway)";
            throw await RefuseAsync(context, remote, logger, direction, HandshakeFailure.RoleRefused, text, sendReject: true, cancellationToken).ConfigureAwait(false);
        }

        if (!Identities.IsValid(peer.Role, peer.Identity))
        {
            throw await RefuseAsync(context, remote, logger, direction, HandshakeFailure.NotAClusterPeer,
                $"its identity '{peer.Identity}' is not a valid {(peer.Role == ClusterRole.Silo ? "silo address" : "client id")}",
                sendReject: true, cancellationToken).ConfigureAwait(false);
        }

        return peer;
    }

    /// <summary>Logs the refusal, tells the peer why, waits for it to close, and returns the exception to throw.</summary>
    private static async Task<ClusterHandshakeException> RefuseAsync(
        ConnectionContext context,
        EndPoint remote,
        ILogger logger,
        string direction,
        HandshakeFailure failure,
        string reason,
        bool sendReject,
        CancellationToken cancellationToken)
    {
        LogRefused(logger, direction, remote, reason);
        if (sendReject)
        {
            try
            {
                var body = new ArrayBufferWriter<byte>(64);
                body.GetSpan(1)[0] = (byte)failure;
                body.Advance(1);
                var text = Encoding.UTF8.GetBytes(reason);
                body.Write(text.AsSpan(0, Math.Min(text.Length, MaxRejectTextBytes)));
                await WriteFrameAsync(context.Transport.Output, FrameKind.Reject, body.WrittenMemory, cancellationToken).ConfigureAwait(false);

                // Closing with unread input resets the connection, and a reset can destroy the reject
                // before the peer reads it; so read until the peer closes or rejects in turn. Not for
                // something that does not speak the protocol: it will not close on our account.
                while (failure != HandshakeFailure.NotAClusterPeer
                       && await ReadFrameAsync(context.Transport.Input, cancellationToken).ConfigureAwait(false) is { } frame
                       && frame.Kind != (byte)FrameKind.Reject)
                {
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
            {
                // The peer is gone or the deadline passed: the refusal stands either way.
            }
        }

        return new ClusterHandshakeException(failure, remote, refusedByRemote: false, Describe(remote, reason));
    }

    private static ClusterHandshakeException RefusedByRemote(byte[] body, EndPoint remote, ILogger logger, string direction)
    {
        var failure = body.Length > 0 && Enum.IsDefined((HandshakeFailure)body[0]) ? (HandshakeFailure)body[0] : HandshakeFailure.NotAClusterPeer;
        var text = body.Length > 1 ? Encoding.UTF8.GetString(body, 1, Math.Min(body.Length - 1, MaxRejectTextBytes)) : "no reason given";
        var reason = "the remote refused the connection: " + text;
        LogRefusedByRemote(logger, direction, remote, text);
        return new ClusterHandshakeException(failure, remote, refusedByRemote: true, Describe(remote, reason));
    }

    /// <summary>
    /// Releases a connection whose handshake failed. The output is completed rather than aborted so
    /// a reject still queued in it reaches the peer before Kestrel closes the socket.
    /// </summary>
    public static async ValueTask CloseAfterFailureAsync(ConnectionContext context, Exception failure)
    {
        if (failure is ClusterHandshakeException { Reason: not HandshakeFailure.Timeout })
        {
            await context.Transport.Output.CompleteAsync().ConfigureAwait(false);
            await context.Transport.Input.CompleteAsync().ConfigureAwait(false);
        }
        else
        {
            context.Abort();
        }

        await context.DisposeAsync().ConfigureAwait(false);
    }

    private static string Describe(EndPoint remote, string reason) => $"Cluster handshake with {remote} failed: {reason}.";

    internal static byte[] ComputeProof(
        byte[] key,
        byte direction,
        ReadOnlySpan<byte> challengeNonce,
        ReadOnlySpan<byte> proverNonce,
        string proverIdentity,
        string verifierIdentity,
        string clusterId)
    {
        var data = new ArrayBufferWriter<byte>(256);
        data.Write("BareMetal.Transport.Proof"u8);
        data.GetSpan(1)[0] = direction;
        data.Advance(1);
        data.Write(challengeNonce);
        data.Write(proverNonce);
        HelloMessage.WriteString(data, proverIdentity);
        HelloMessage.WriteString(data, verifierIdentity);
        HelloMessage.WriteString(data, clusterId);
        return HMACSHA256.HashData(key, data.WrittenSpan);
    }

    private static async ValueTask WriteFrameAsync(PipeWriter output, FrameKind kind, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var span = output.GetSpan(FrameFormat.HeaderSize + body.Length);
        FrameFormat.WriteHeader(span, body.Length + 1, (byte)kind);
        body.Span.CopyTo(span[FrameFormat.HeaderSize..]);
        output.Advance(FrameFormat.HeaderSize + body.Length);
        var result = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new IOException("The transport stopped sending.");
        }
    }

    /// <summary>Reads one frame; <see langword="null"/> when the peer closed first.</summary>
    private static async ValueTask<HandshakeFrame?> ReadFrameAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = FrameFormat.TryRead(buffer, FrameFormat.MaxHandshakeFrameSize, out var kind, out var body, out var next, out _);
            switch (status)
            {
                case FrameReadStatus.Frame:
                    var frame = new HandshakeFrame(kind, body.ToArray());
                    input.AdvanceTo(next);
                    return frame;
                case FrameReadStatus.TooLarge or FrameReadStatus.Invalid:
                    // Not a frame this protocol would send during a handshake.
                    input.AdvanceTo(buffer.Start);
                    return new HandshakeFrame(FrameFormat.DiscardKind, []);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }

    [LoggerMessage(EventId = TransportEventId.HandshakeRefused, Level = LogLevel.Warning,
        Message = "Refused {Direction} cluster connection with {RemoteEndPoint}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string direction, EndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = TransportEventId.HandshakeRefusedByRemote, Level = LogLevel.Warning,
        Message = "The {Direction} cluster connection with {RemoteEndPoint} was refused by the remote: {Reason}")]
    private static partial void LogRefusedByRemote(ILogger logger, string direction, EndPoint remoteEndPoint, string reason);
}
