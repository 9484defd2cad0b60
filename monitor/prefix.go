package monitor

import (
	"bytes"
	"errors"
	"hash/maphash"
	"io"
	"os"
	"time"
)

// headBytes is how much of the start of a file a follower keeps, to notice
// at every look a file rewritten with other content (a CSV whose header
// gained a column) even when its end looks the same.
const headBytes = 4 << 10

// rewriteGrace is how long a file shorter than what was read, but agreeing
// with it as far as it goes, is taken for a rewrite under way before it
// counts as truncated.
const rewriteGrace = time.Second

// prefixPrint fingerprints everything a follower read of one file, from
// its first byte: a running hash and the first headBytes themselves. Loggers
// that rewrite the whole file on every save (Lightning 1.x's CSVLogger in
// place; scripts that write a temporary file and rename it over the log)
// produce a file that starts with what was read; the fingerprint tells such
// a rewrite, to be read on from the old position, from a new file, to be
// read from its start.
type prefixPrint struct {
	seed maphash.Seed
	h    maphash.Hash
	// n is how many bytes were hashed, -1 when reading did not start at
	// the first byte (--from-end): then only the head can be compared.
	n    int64
	head []byte
}

func newPrefixPrint() prefixPrint {
	p := prefixPrint{seed: maphash.MakeSeed()}
	p.reset(true)
	return p
}

// reset forgets what was read; known says reading starts at the first byte.
func (p *prefixPrint) reset(known bool) {
	p.h.SetSeed(p.seed)
	p.n, p.head = 0, p.head[:0]
	if !known {
		p.n = -1
	}
}

// add takes the next bytes read.
func (p *prefixPrint) add(b []byte) {
	if k := min(len(b), headBytes-len(p.head)); k > 0 {
		p.head = append(p.head, b[:k]...)
	}
	if p.n >= 0 {
		p.h.Write(b)
		p.n += int64(len(b))
	}
}

// readHead keeps the head of f when reading starts past it (--from-end).
func (p *prefixPrint) readHead(f *os.File) {
	p.head = append(p.head[:0], make([]byte, headBytes)...)
	n, _ := f.ReadAt(p.head, 0)
	p.head = p.head[:n]
}

// headDiffers reports whether f's first bytes are other than those read,
// as far as f and the head go. buf is scratch space of at least headBytes.
func (p *prefixPrint) headDiffers(f *os.File, buf []byte) bool {
	if len(p.head) == 0 {
		return false
	}
	n, err := f.ReadAt(buf[:len(p.head)], 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return false // a read error is reported by the read that follows
	}
	return !bytes.Equal(buf[:n], p.head[:n])
}

// continuedBy reports whether f, of the given size, starts with everything
// read: its head agrees and, when it is long enough, the hash of its first
// n bytes is the hash of what was read. A file shorter than what was read
// agrees when its head does (the rest cannot be told yet). Without the hash
// (--from-end) nothing agrees. buf is scratch space of at least headBytes.
func (p *prefixPrint) continuedBy(f *os.File, size int64, buf []byte) (bool, error) {
	if p.headDiffers(f, buf) {
		return false, nil
	}
	if p.n < 0 {
		return false, nil // past the head nothing can be compared
	}
	if size < p.n {
		return true, nil
	}
	var h maphash.Hash
	h.SetSeed(p.seed)
	if _, err := io.CopyBuffer(&h, io.NewSectionReader(f, 0, p.n), buf); err != nil {
		return false, err
	}
	return h.Sum64() == p.h.Sum64(), nil
}
