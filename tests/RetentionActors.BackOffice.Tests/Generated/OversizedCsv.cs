using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace RetentionActors.BackOffice.Tests.Generated;

/// <summary>A text/csv history of exactly a given length: a header and the same row over and over, written as it is sent, never all in memory.</summary>
public sealed class OversizedCsv : HttpContent
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("customer_id,receipt_id,store_id,occurred_at,amount,kind,refund_of\n");
    private static readonly byte[] Row = Encoding.UTF8.GetBytes("fz-big,fz-big-1,fz-store,2026-03-01T10:00:00Z,12.50,purchase,\n");

    private readonly long _length;

    public OversizedCsv(long length)
    {
        _length = length;
        Headers.ContentType = new MediaTypeHeaderValue("text/csv");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var block = new byte[64 * 1024];
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = Row[i % Row.Length];
        }
        await stream.WriteAsync(Header);
        for (var written = (long)Header.Length; written < _length;)
        {
            var count = (int)Math.Min(block.Length, _length - written);
            await stream.WriteAsync(block.AsMemory(0, count));
            written += count;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
