package decode

import (
	"encoding/binary"
	"hash/crc32"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// A minimal TFRecord/Event writer for tests, so that fixtures are built
// from their meaning rather than pasted as bytes.

func tfMasked(b []byte) uint32 {
	c := crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli))
	return ((c >> 15) | (c << 17)) + 0xa282ead8
}

// tfFrame wraps data in TFRecord framing.
func tfFrame(data []byte) []byte {
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(data)))
	out = binary.LittleEndian.AppendUint32(out, tfMasked(out[:8]))
	out = append(out, data...)
	return binary.LittleEndian.AppendUint32(out, tfMasked(data))
}

// tfEvent encodes an Event with a summary of the given Summary.Value
// messages.
func tfEvent(step int64, wall float64, values ...[]byte) []byte {
	var sum []byte
	for _, v := range values {
		sum = protowire.AppendTag(sum, summaryValue, protowire.BytesType)
		sum = protowire.AppendBytes(sum, v)
	}
	ev := tfHead(step, wall)
	ev = protowire.AppendTag(ev, eventSummary, protowire.BytesType)
	return protowire.AppendBytes(ev, sum)
}

func tfHead(step int64, wall float64) []byte {
	ev := protowire.AppendTag(nil, eventWallTime, protowire.Fixed64Type)
	ev = protowire.AppendFixed64(ev, math.Float64bits(wall))
	ev = protowire.AppendTag(ev, eventStep, protowire.VarintType)
	return protowire.AppendVarint(ev, uint64(step))
}

// tfFileVersion encodes the first event of every file.
func tfFileVersion() []byte {
	ev := tfHead(0, 1700000000)
	ev = protowire.AppendTag(ev, eventFileVersion, protowire.BytesType)
	return protowire.AppendString(ev, "brain.Event:2")
}

// tfSimple encodes a Summary.Value with a simple_value.
func tfSimple(tag string, v float32) []byte {
	b := protowire.AppendTag(nil, valueTag, protowire.BytesType)
	b = protowire.AppendString(b, tag)
	b = protowire.AppendTag(b, valueSimpleValue, protowire.Fixed32Type)
	return protowire.AppendFixed32(b, math.Float32bits(v))
}

// tfTensor encodes a Summary.Value holding the TensorProto tensor.
func tfTensor(tag string, tensor []byte) []byte {
	b := protowire.AppendTag(nil, valueTag, protowire.BytesType)
	b = protowire.AppendString(b, tag)
	b = protowire.AppendTag(b, valueTensor, protowire.BytesType)
	return protowire.AppendBytes(b, tensor)
}

// tensorProto builds a TensorProto: dtype, optional dims, then raw fields
// appended by fill.
func tensorProto(dtype uint64, dims []int64, fill func([]byte) []byte) []byte {
	b := protowire.AppendTag(nil, tensorDtype, protowire.VarintType)
	b = protowire.AppendVarint(b, dtype)
	var shape []byte
	for _, d := range dims {
		dim := protowire.AppendTag(nil, dimSize, protowire.VarintType)
		dim = protowire.AppendVarint(dim, uint64(d))
		shape = protowire.AppendTag(shape, shapeDim, protowire.BytesType)
		shape = protowire.AppendBytes(shape, dim)
	}
	b = protowire.AppendTag(b, tensorShape, protowire.BytesType)
	b = protowire.AppendBytes(b, shape)
	return fill(b)
}

func packedFloats(vs ...float32) func([]byte) []byte {
	return func(b []byte) []byte {
		var p []byte
		for _, v := range vs {
			p = protowire.AppendFixed32(p, math.Float32bits(v))
		}
		b = protowire.AppendTag(b, tensorFloatVal, protowire.BytesType)
		return protowire.AppendBytes(b, p)
	}
}

func rawContent(c []byte) func([]byte) []byte {
	return func(b []byte) []byte {
		b = protowire.AppendTag(b, tensorContent, protowire.BytesType)
		return protowire.AppendBytes(b, c)
	}
}

func varintField(num protowire.Number, v uint64) func([]byte) []byte {
	return func(b []byte) []byte {
		b = protowire.AppendTag(b, num, protowire.VarintType)
		return protowire.AppendVarint(b, v)
	}
}

// tfStream returns a file of n scalar events after the file version.
func tfStream(n int) []byte {
	data := tfFrame(tfFileVersion())
	for i := range n {
		data = append(data, tfFrame(tfEvent(int64(i), 1700000000+float64(i), tfSimple("train/loss", 1/float32(i+1)), tfSimple("lr", 0.1)))...)
	}
	return data
}

// sameRecords is reflect.DeepEqual for records, except that NaN values are
// equal to each other.
func sameRecords(a, b []Record) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if math.Float64bits(x.Step) != math.Float64bits(y.Step) || x.Wall != y.Wall || x.Line != y.Line || len(x.Metrics) != len(y.Metrics) {
			return false
		}
		for j, m := range x.Metrics {
			n := y.Metrics[j]
			if m.Name != n.Name || math.Float64bits(m.Value) != math.Float64bits(n.Value) {
				return false
			}
		}
	}
	return true
}
