using System.Text;
using BareMetal.Drivers.Ipmi.Lan;

namespace BareMetal.Drivers.Tests.Ipmi;

/// <summary>IPMI messages and RMCP+ datagrams byte for byte, as IPMI v2.0 section 13 lays them out.</summary>
public sealed class RmcpPlusPacketTests
{
    private static readonly RmcpPlusKeys s_keys = RmcpPlusKeys.Derive(
        Encoding.ASCII.GetBytes("password"),
        new RakpExchange(1, 2, new byte[16], new byte[16], new byte[16], 0x14, Encoding.ASCII.GetBytes("admin")));

    [Fact]
    public void GetChassisStatusRequest_HasBothChecksums()
    {
        // rsAddr 20h, netFn chassis (00h) LUN 0, checksum; rqAddr 81h, rqSeq 1 LUN 0, command 01h, checksum.
        Assert.Equal([0x20, 0x00, 0xE0, 0x81, 0x04, 0x01, 0x7A], IpmiLanMessage.Request(0x00, 0x01, 1, []));
    }

    [Fact]
    public void Response_IsReadOnlyWhenItAnswersThatRequest()
    {
        // Get Chassis Status answer, sequence 1: completion code 0, power on, no last event, no misc state.
        byte[] answer = [0x81, 0x04, 0x7B, 0x20, 0x04, 0x01, 0x00, 0x01, 0x00, 0x00, 0xDA];

        var response = IpmiLanMessage.Response(answer, 0x00, 0x01, 1);

        Assert.NotNull(response);
        Assert.Equal(0, response.CompletionCode);
        Assert.Equal([0x01, 0x00, 0x00], response.Data);
        Assert.Null(IpmiLanMessage.Response(answer, 0x00, 0x01, 2));
        Assert.Null(IpmiLanMessage.Response(answer, 0x06, 0x01, 1));
        answer[7] = 0x00;
        Assert.Null(IpmiLanMessage.Response(answer, 0x00, 0x01, 1));
    }

    [Fact]
    public void OpenSessionRequest_OutsideASession_HasRmcpAndSessionHeaders()
    {
        var datagram = RmcpPlusPacket.PreSession(RmcpPlusPacket.PayloadOpenSessionRequest, [0xAA, 0xBB]);

        Assert.Equal([0x06, 0x00, 0xFF, 0x07, 0x06, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0xAA, 0xBB], datagram);
    }

    [Fact]
    public void GetChannelAuthCapabilities_TravelsAsAnIpmi15DatagramWithoutAuthentication()
    {
        var datagram = RmcpPlusPacket.Ipmi15([0x20, 0x18]);

        Assert.Equal([0x06, 0x00, 0xFF, 0x07, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x20, 0x18], datagram);
        var parsed = RmcpPlusPacket.Parse(datagram);
        Assert.NotNull(parsed);
        Assert.Equal([0x20, 0x18], parsed.Payload);
    }

    [Fact]
    public void SessionDatagram_IsEncryptedSignedAndWordAligned_AndOpensOnlyUntouched()
    {
        byte[] message = [0x20, 0x00, 0xE0, 0x81, 0x04, 0x01, 0x7A];

        var datagram = RmcpPlusPacket.Session(s_keys, 0xA0B0C0D0, 7, message);

        // Payload type: encrypted and authenticated IPMI; the BMC's session id and the sequence, little-endian.
        Assert.Equal([0x06, 0xC0, 0xD0, 0xC0, 0xB0, 0xA0, 0x07, 0x00, 0x00, 0x00], datagram[4..14]);
        Assert.Equal(0, (datagram.Length - 4 - RmcpPlusKeys.IntegrityCodeLength) % 4);
        Assert.Equal(0x07, datagram[^(RmcpPlusKeys.IntegrityCodeLength + 1)]);
        Assert.Equal(32, BitConverter.ToUInt16(datagram, 14));

        // The BMC's datagrams carry this side's session id; here the same bytes read back as if they were its answer.
        var parsed = RmcpPlusPacket.Parse(datagram)!;
        Assert.Equal(message, RmcpPlusPacket.Open(s_keys, parsed, 0xA0B0C0D0));
        Assert.Null(RmcpPlusPacket.Open(s_keys, parsed, 0x12345678));

        datagram[20] ^= 0x01;
        Assert.Null(RmcpPlusPacket.Open(s_keys, RmcpPlusPacket.Parse(datagram)!, 0xA0B0C0D0));
    }
}
