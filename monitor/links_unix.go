//go:build unix

package monitor

import (
	"os"
	"syscall"
)

// links returns how many names fi's file has (0 once it was removed), or -1
// when the system does not say.
func links(fi os.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int64(st.Nlink)
	}
	return -1
}
