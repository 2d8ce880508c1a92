using System.Text;
using BareMetal.Drivers.Ipmi.Lan;

namespace BareMetal.Drivers.Tests.Ipmi;

/// <summary>
/// The RMCP+ cipher suite 3 keys and codes against vectors computed independently with the openssl command line
/// (HMAC-SHA1 and AES-128-CBC without padding) over the byte strings the IPMI v2.0 specification lays out.
/// </summary>
public sealed class RmcpPlusKeysTests
{
    private static readonly byte[] s_password = Encoding.ASCII.GetBytes("password");

    // SIDm 0x11223344, SIDc 0xA0B0C0D0, Rm 00..0f, Rc 10..1f, GUIDc 20..2f, role 0x14 (administrator, name-only lookup), user "admin".
    private static readonly RakpExchange s_exchange = new(
        0x11223344,
        0xA0B0C0D0,
        Enumerable.Range(0x00, 16).Select(i => (byte)i).ToArray(),
        Enumerable.Range(0x10, 16).Select(i => (byte)i).ToArray(),
        Enumerable.Range(0x20, 16).Select(i => (byte)i).ToArray(),
        0x14,
        Encoding.ASCII.GetBytes("admin"));

    [Fact]
    public void Rakp2AndRakp3AuthCodes_MatchTheVectors()
    {
        Assert.Equal("d8ddd685456b4de8dd647989a758125c64586db1", Hex(RmcpPlusKeys.Rakp2AuthCode(s_password, s_exchange)));
        Assert.Equal("4402012e214da511895a399bd77d5396e7998a4d", Hex(RmcpPlusKeys.Rakp3AuthCode(s_password, s_exchange)));
    }

    [Fact]
    public void SessionKeys_AndRakp4IntegrityCheck_MatchTheVectors()
    {
        var keys = RmcpPlusKeys.Derive(s_password, s_exchange);

        Assert.Equal("122c77c4b11ccd93251cbae6c34a9cb6310da154", Hex(keys.SessionIntegrityKey));
        Assert.Equal("e4472be78f9a81fa68297aab696a7be8c97fc9f8", Hex(keys.K1));
        Assert.Equal("2b6552012a2517cb3b5713901d757a6efc7d8301", Hex(keys.K2));
        Assert.Equal("42ae7dd363e0c205d20bbf44", Hex(keys.Rakp4IntegrityCheck(s_exchange)));
    }

    [Fact]
    public void Encrypt_PadsWithOneTwoThreeAndTheLength_AndMatchesAesCbcOfTheVector()
    {
        var keys = RmcpPlusKeys.Derive(s_password, s_exchange);
        var iv = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        byte[] getChassisStatus = [0x20, 0x00, 0xE0, 0x81, 0x04, 0x01, 0x7A];

        var payload = keys.Encrypt(getChassisStatus, iv);

        Assert.Equal(Hex(iv) + "66192aabc3dd9b9b12d3b3789b8085ca", Hex(payload));
        Assert.Equal(getChassisStatus, keys.Decrypt(payload));
    }

    [Fact]
    public void Decrypt_WithAnotherKey_FindsNoValidTrailer()
    {
        var keys = RmcpPlusKeys.Derive(s_password, s_exchange);
        var other = RmcpPlusKeys.Derive(Encoding.ASCII.GetBytes("other"), s_exchange);
        var payload = keys.Encrypt(new byte[30], new byte[16]);

        Assert.Null(other.Decrypt(payload));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
