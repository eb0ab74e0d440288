using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AutopilotPortal.Web.Endpoints;

/// <summary>
/// The <c>Content-Disposition</c> of a download, built with the framework's header type (RFC 6266):
/// an ASCII <c>filename</c> for old clients and the exact name as <c>filename*</c>. A quote, a
/// semicolon or a non-ASCII letter in a name is encoded, never written into the header as is.
/// </summary>
internal static class Attachment
{
    public static void Set(HttpResponse response, string fileName)
    {
        var header = new ContentDispositionHeaderValue("attachment");
        header.SetHttpFileName(new string(fileName.Where(c => !char.IsControl(c)).ToArray()));
        response.Headers.ContentDisposition = header.ToString();
    }
}
