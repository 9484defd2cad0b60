package decode

import (
	"bytes"
	"strings"
	"testing"
)

// An event file's name (events.out.tfevents.*) says what it holds unless
// its content clearly is text.

const eventName = "events.out.tfevents.1700000000.host.123.0"

func TestEventNamedTextFileIsReadAsText(t *testing.T) {
	tests := []struct {
		name, input string
		format      Format
		records     int
		skipped     int64 // the CSV header, blank lines
	}{
		{"JSON lines", `{"step": 1, "loss": 0.5}` + "\n" + `{"step": 2, "loss": 0.4}` + "\n", FormatJSONL, 2, 0},
		{"CSV export", "Wall time,Step,Value\n1644276590.25,0,0.101\n1644276600.5,1,0.080\n", FormatCSV, 2, 1},
		{"blank lines first", "\n\n" + `{"step": 1, "loss": 0.5}` + "\n", FormatJSONL, 1, 2},
		{"no newline at the end", `{"step": 1, "loss": 0.5}`, FormatJSONL, 1, 0},
		{"a trainer_state.json", "{\n  \"log_history\": [{\"loss\": 1, \"step\": 1}]\n}\n", FormatTrainerState, 1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, size := range []int{1, 3, 1 << 20} {
				d := NewDecoder("", eventName+".jsonl")
				recs := decodeWith(t, d, []byte(tc.input), size)
				if d.Format() != tc.format || len(recs) != tc.records || d.Stats().Skipped != tc.skipped {
					t.Errorf("%d-byte chunks: format %q, %d records, %+v; want %q, %d", size, d.Format(), len(recs), d.Stats(), tc.format, tc.records)
				}
			}
		})
	}
}

func TestEventNamedBinaryFileIsAnEventFile(t *testing.T) {
	tests := []struct {
		name    string
		input   []byte
		records int
	}{
		{"events", tfStream(3), 3},
		{"a frame of ten bytes: its length is a newline", tfFrame([]byte("0123456789")), 0},
		{"text after a control byte", []byte("\x01step,loss\n1,0.5\n"), 0},
		{"a control byte on the second line, within eight bytes", []byte("ab\n\x00cdefgh\n"), 0},
		{"too short to tell", []byte("abc"), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, size := range []int{1, 5, 1 << 20} {
				d := NewDecoder("", eventName)
				recs := decodeWith(t, d, tc.input, size)
				if d.Format() != FormatTFEvents || len(recs) != tc.records {
					t.Errorf("%d-byte chunks: format %q, %d records %+v", size, d.Format(), len(recs), d.Stats())
				}
			}
		})
	}
}

// TestEmptyEventFileStaysAnEventFileWhileItGrows: TensorBoard creates the
// file before it writes the first event, and the writer may be caught
// half-way through a frame: the name keeps the format until the content
// tells, and the events are read when they arrive.
func TestEmptyEventFileStaysAnEventFileWhileItGrows(t *testing.T) {
	d := NewDecoder("", eventName)
	recs := d.Flush(nil) // check of a file still empty
	if d.Format() != FormatTFEvents || len(recs) != 0 || d.Stats().Lines != 0 {
		t.Fatalf("empty: format %q, %+v", d.Format(), d.Stats())
	}
	data := tfStream(2)
	for _, cut := range []int{0, 3, 9, len(data)} {
		d := NewDecoder("", eventName)
		recs := d.Feed(data[:cut], nil)
		if d.Format() != FormatTFEvents {
			t.Errorf("%d bytes written: format %q", cut, d.Format())
		}
		recs = d.Feed(data[cut:], recs)
		if len(recs) != 2 || d.Stats().Records != 2 {
			t.Errorf("after %d bytes and the rest: %d records, %+v", cut, len(recs), d.Stats())
		}
	}
}

func TestRestartBeforeTheContentTellsLooksAgain(t *testing.T) {
	d := NewDecoder("", eventName)
	d.Feed([]byte("{\"st"), nil)
	d.Restart()
	recs := d.Feed(tfStream(2), nil)
	if d.Format() != FormatTFEvents || len(recs) != 2 {
		t.Errorf("format %q, %d records", d.Format(), len(recs))
	}
}

func TestEventNamedFileLooksAtTheFirstBytesOnly(t *testing.T) {
	long := append(bytes.Repeat([]byte("x"), rawLimit+10), 0, '\n')
	whole, chunked := NewDecoder("", eventName), NewDecoder("", eventName)
	decodeWith(t, whole, long, len(long))
	decodeWith(t, chunked, long, 4096)
	if whole.Format() != chunked.Format() || whole.Format() == FormatTFEvents {
		t.Errorf("whole: %q, in 4 KiB chunks: %q; want the same text format", whole.Format(), chunked.Format())
	}
}

// FuzzEventNamedFiles feeds arbitrary bytes to the decoder of a file named
// like an event file: whatever the chunks, the same format and records.
func FuzzEventNamedFiles(f *testing.F) {
	f.Add(tfStream(2), uint8(0))
	f.Add([]byte(`{"step": 1, "loss": 0.5}`+"\n"), uint8(1))
	f.Add([]byte("ab\n\x00cdefgh\n"), uint8(2))
	f.Add([]byte(strings.Repeat(" ", 9)+"\n"), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		whole, chunked := NewDecoder("", eventName), NewDecoder("", eventName)
		a := decodeWith(t, whole, data, len(data)+1)
		b := decodeWith(t, chunked, data, 1+int(chunk))
		if whole.Format() != chunked.Format() || len(a) != len(b) || whole.Stats().Skipped != chunked.Stats().Skipped {
			t.Fatalf("whole %q %d records %+v, chunked %q %d records %+v",
				whole.Format(), len(a), whole.Stats(), chunked.Format(), len(b), chunked.Stats())
		}
		if st := chunked.Stats(); st.Records != int64(len(b)) || st.Bytes != int64(len(data)) {
			t.Fatalf("stats %+v for %d records of %d bytes", st, len(b), len(data))
		}
	})
}
