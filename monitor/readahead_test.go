package monitor

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// TestReadAheadFeedsTheWholeFileInOrder reads inputs shorter than, equal
// to and many times the chunk, through a reader that returns a byte at a
// time, and expects feed to see every byte in order, in chunks no longer
// than asked.
func TestReadAheadFeedsTheWholeFileInOrder(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 65, 1000} {
		want := make([]byte, n)
		for i := range want {
			want[i] = byte(i * 7)
		}
		var got []byte
		err := readAhead(iotest.OneByteReader(bytes.NewReader(want)), 64, func(p []byte) error {
			if len(p) == 0 || len(p) > 64 {
				t.Errorf("%d bytes: a chunk of %d", n, len(p))
			}
			got = append(got, p...)
			return nil
		})
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: fed %d bytes (equal %v), error %v", n, len(got), bytes.Equal(got, want), err)
		}
	}
}

// TestReadAheadStopsAtTheFirstError expects feed's error and the reader's
// to end the read, and the reading goroutine to stop reading: after feed
// fails, the reader is read at most one chunk ahead and the two buffers.
func TestReadAheadStopsAtTheFirstError(t *testing.T) {
	stop := errors.New("stop")
	r := &countingReader{r: bytes.NewReader(make([]byte, 1<<20))}
	calls := 0
	err := readAhead(r, 16, func([]byte) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Errorf("feed's error: got %v after %d calls", err, calls)
	}
	if r.n > 16*5 {
		t.Errorf("read %d bytes for 3 chunks of 16: the reader went on after the error", r.n)
	}
	broken := errors.New("disk gone")
	err = readAhead(io.MultiReader(bytes.NewReader(make([]byte, 40)), iotest.ErrReader(broken)), 16, func([]byte) error { return nil })
	if !errors.Is(err, broken) {
		t.Errorf("a read error: got %v", err)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
