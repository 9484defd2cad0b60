package decode

import (
	"slices"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

// TestUTF16LogsReadAsTheirText: a log written by Windows PowerShell's
// redirection (UTF-16 with a byte-order mark, either byte order) gives the
// records its UTF-8 text gives, fed in any chunks, recognised or forced,
// and counts the bytes as written.
func TestUTF16LogsReadAsTheirText(t *testing.T) {
	for _, file := range []string{"kv.log", "keras.csv", "hf-stdout.log", "mnist.log"} {
		text := readFile(t, "testdata/formats/"+file)
		_, want := decodeFile(t, "testdata/formats/"+file)
		for _, order := range []unicode.Endianness{unicode.LittleEndian, unicode.BigEndian} {
			data, err := unicode.UTF16(order, unicode.UseBOM).NewEncoder().Bytes(text)
			if err != nil {
				t.Fatal(err)
			}
			auto := NewDecoder("", file)
			for _, size := range []int{1, 3, 7, 1 << 20} {
				d := NewDecoder("", file)
				got := decodeWith(t, d, data, size)
				if !slices.EqualFunc(got, want, sameRecord) {
					t.Errorf("%s (%v, chunks of %d): %d records, want %d", file, order, size, len(got), len(want))
				}
				if st := d.Stats(); st.Bytes != int64(len(data)) {
					t.Errorf("%s: %d bytes counted, %d written", file, st.Bytes, len(data))
				}
			}
			decodeWith(t, auto, data, 5)
			forced := decodeWith(t, NewDecoder(auto.Format(), file), data, 5)
			if auto.Format() == "" || !slices.EqualFunc(forced, want, sameRecord) {
				t.Errorf("%s forced to %q: %d records, want %d", file, auto.Format(), len(forced), len(want))
			}
		}
	}
}
