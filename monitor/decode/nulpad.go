package decode

import "bytes"

// trimNULPadding returns line without the runs of NUL bytes at its start
// and end: the padding of a file that was pre-allocated, or cut by a crash
// and written on, sits on the same physical line as the text that follows
// it. It returns nil when nothing but NULs and blanks is left, or when NULs
// remain inside the text: that line is binary, not a log line.
func trimNULPadding(line []byte) []byte {
	t := bytes.Trim(line, "\x00\r")
	if blank(t) || bytes.IndexByte(t, 0) >= 0 {
		return nil
	}
	return t
}
