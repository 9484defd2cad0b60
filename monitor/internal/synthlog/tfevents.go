package synthlog

import (
	"encoding/binary"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"

	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers of TensorFlow's event.proto and summary.proto.
const (
	eventWallTime    = 1
	eventStep        = 2
	eventFileVersion = 3
	eventSummary     = 5
	summaryValue     = 1
	valueTag         = 1
	valueSimpleValue = 2
)

// tfWriter writes TFRecord frames: length, masked CRC-32C of the length,
// data, masked CRC-32C of the data.
type tfWriter struct {
	w     io.Writer
	table *crc32.Table
	buf   []byte
}

func (t *tfWriter) masked(b []byte) uint32 {
	c := crc32.Checksum(b, t.table)
	return ((c >> 15) | (c << 17)) + 0xa282ead8
}

func (t *tfWriter) frame(data []byte) error {
	t.buf = binary.LittleEndian.AppendUint64(t.buf[:0], uint64(len(data)))
	t.buf = binary.LittleEndian.AppendUint32(t.buf, t.masked(t.buf[:8]))
	t.buf = append(t.buf, data...)
	t.buf = binary.LittleEndian.AppendUint32(t.buf, t.masked(data))
	_, err := t.w.Write(t.buf)
	return err
}

// eventHead encodes an Event's wall_time and step.
func eventHead(b []byte, step int64, wall float64) []byte {
	b = protowire.AppendTag(b, eventWallTime, protowire.Fixed64Type)
	b = protowire.AppendFixed64(b, math.Float64bits(wall))
	b = protowire.AppendTag(b, eventStep, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(step))
}

func tfEvents(w io.Writer, n int, rng *rand.Rand) error {
	t := &tfWriter{w: w, table: crc32.MakeTable(crc32.Castagnoli)}
	ev := eventHead(nil, 0, 1.7e9)
	ev = protowire.AppendTag(ev, eventFileVersion, protowire.BytesType)
	ev = protowire.AppendString(ev, "brain.Event:2")
	if err := t.frame(ev); err != nil {
		return err
	}
	var val, sum []byte
	for i := 1; i <= n; i++ {
		val = protowire.AppendTag(val[:0], valueTag, protowire.BytesType)
		val = protowire.AppendString(val, "train/loss")
		val = protowire.AppendTag(val, valueSimpleValue, protowire.Fixed32Type)
		val = protowire.AppendFixed32(val, math.Float32bits(float32(curve(i, n, rng))))
		sum = protowire.AppendTag(sum[:0], summaryValue, protowire.BytesType)
		sum = protowire.AppendBytes(sum, val)
		ev = eventHead(ev[:0], int64(i), 1.7e9+float64(i)*0.05)
		ev = protowire.AppendTag(ev, eventSummary, protowire.BytesType)
		ev = protowire.AppendBytes(ev, sum)
		if err := t.frame(ev); err != nil {
			return err
		}
	}
	return nil
}
