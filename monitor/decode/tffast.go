package decode

import (
	"encoding/binary"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Fast paths for the layout in which writers (TensorFlow, tensorboardX,
// PyTorch's SummaryWriter) lay out scalar events: an Event of wall_time,
// step and summary, in that order and nothing else, and a Summary.Value of
// a tag and a simple_value. Any other layout makes them report false, and
// the general walk reads the message; where they succeed they read what
// the walk would.

// Tags (field number << 3 | wire type) of the fast paths' fields.
const (
	tagWallTime    = eventWallTime<<3 | byte(protowire.Fixed64Type)
	tagStep        = eventStep<<3 | byte(protowire.VarintType)
	tagSummary     = eventSummary<<3 | byte(protowire.BytesType)
	tagValueTag    = valueTag<<3 | byte(protowire.BytesType)
	tagSimpleValue = valueSimpleValue<<3 | byte(protowire.Fixed32Type)
)

// readScalarEvent reads an Event laid out as a scalar event (the step may
// be absent: proto3 leaves out a zero); ok is false for any other layout.
func readScalarEvent(b []byte) (ev eventFields, ok bool) {
	if len(b) < 9 || b[0] != tagWallTime {
		return ev, false
	}
	ev.wall = math.Float64frombits(binary.LittleEndian.Uint64(b[1:]))
	b = b[9:]
	if len(b) > 0 && b[0] == tagStep {
		v, n := protowire.ConsumeVarint(b[1:])
		if n < 0 {
			return ev, false
		}
		ev.step, b = int64(v), b[1+n:]
	}
	if len(b) == 0 || b[0] != tagSummary {
		return ev, false
	}
	s, n := protowire.ConsumeBytes(b[1:])
	if n < 0 || 1+n != len(b) {
		return ev, false
	}
	ev.summary, ev.hasSum = s, true
	return ev, true
}

// simpleValue reads a Summary.Value of a tag (shorter than 128 bytes) and
// a simple_value; ok is false for any other layout.
func simpleValue(b []byte) (tag []byte, v float64, ok bool) {
	if len(b) < 7 || b[0] != tagValueTag || b[1] >= 0x80 {
		return nil, 0, false
	}
	n := int(b[1])
	if len(b) != 2+n+5 || b[2+n] != tagSimpleValue {
		return nil, 0, false
	}
	return b[2 : 2+n], float64(math.Float32frombits(binary.LittleEndian.Uint32(b[3+n:]))), true
}
