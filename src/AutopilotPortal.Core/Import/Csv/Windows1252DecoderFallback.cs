using System.Text;

namespace AutopilotPortal.Core.Import.Csv;

/// <summary>
/// Decodes the bytes that are not valid UTF-8 as Windows-1252, so that an ANSI file whose first accented
/// letter comes after the bytes the encoding was detected from still reads right ("é", not "\uFFFD").
/// </summary>
internal sealed class Windows1252DecoderFallback(Encoding windows1252) : DecoderFallback
{
    public override int MaxCharCount => 4;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(windows1252);

    private sealed class Buffer(Encoding windows1252) : DecoderFallbackBuffer
    {
        private string _chars = string.Empty;
        private int _index;

        public override int Remaining => _chars.Length - _index;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            _chars = windows1252.GetString(bytesUnknown);
            _index = 0;
            return _chars.Length > 0;
        }

        public override char GetNextChar() => _index < _chars.Length ? _chars[_index++] : '\0';

        public override bool MovePrevious()
        {
            if (_index == 0)
            {
                return false;
            }

            _index--;
            return true;
        }

        public override void Reset()
        {
            _chars = string.Empty;
            _index = 0;
        }
    }
}
