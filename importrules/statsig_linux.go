package importrules

import (
	"encoding/binary"
	"os"
	"syscall"
	"time"
)

// sysSig is the part of statSig only the system knows: the change time,
// which any write or chmod moves and no tool can set back, and the inode.
func sysSig(st os.FileInfo) []byte {
	s, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	b := binary.LittleEndian.AppendUint64(nil, uint64(s.Ctim.Nano()))
	b = binary.LittleEndian.AppendUint64(b, s.Ino)
	return binary.LittleEndian.AppendUint64(b, s.Dev)
}

// changeTime is when the file last changed: its change time.
func changeTime(st os.FileInfo) time.Time {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return time.Unix(s.Ctim.Unix())
	}
	return st.ModTime()
}
