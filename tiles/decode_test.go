package tiles

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// testLayer is a decoded MVT layer, features in tile coordinates.
type testLayer struct {
	Name     string
	Version  uint32
	Extent   uint32
	Features []*geojson.Feature
}

// unmarshalMVT is an independent, strict MVT 2.1 decoder for tests (orb's
// mvt.Unmarshal needs gogo/protobuf, which go.sum does not carry). Numbers
// decode as float64 and feature ids as float64, as orb's decoder does.
func unmarshalMVT(data []byte) ([]*testLayer, error) {
	var out []*testLayer
	err := fields(data, func(f int, wire int, v uint64, b []byte) error {
		if f != 3 || wire != 2 {
			return fmt.Errorf("unexpected tile field %d", f)
		}
		l, err := decodeLayer(b)
		out = append(out, l)
		return err
	})
	return out, err
}

func decodeLayer(data []byte) (*testLayer, error) {
	l := &testLayer{Extent: 4096}
	var keys []string
	var values []any
	var feats [][]byte
	err := fields(data, func(f, wire int, v uint64, b []byte) error {
		switch f {
		case 15:
			l.Version = uint32(v)
		case 1:
			l.Name = string(b)
		case 2:
			feats = append(feats, b)
		case 3:
			keys = append(keys, string(b))
		case 4:
			var val any
			err := fields(b, func(f, wire int, v uint64, b []byte) error {
				switch f {
				case 1:
					val = string(b)
				case 3:
					val = math.Float64frombits(v)
				case 4, 5:
					val = float64(v)
				case 6:
					val = float64(int64(v>>1) ^ -int64(v&1))
				case 7:
					val = v == 1
				default:
					return fmt.Errorf("value field %d", f)
				}
				return nil
			})
			if err != nil {
				return err
			}
			values = append(values, val)
		case 5:
			l.Extent = uint32(v)
		default:
			return fmt.Errorf("layer field %d", f)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, fb := range feats {
		f := geojson.NewFeature(nil)
		var tags, geom []uint32
		var typ uint64
		err := fields(fb, func(n, wire int, v uint64, b []byte) error {
			switch n {
			case 1:
				f.ID = float64(v)
			case 2:
				tags = packed(b)
			case 3:
				typ = v
			case 4:
				geom = packed(b)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(tags)%2 != 0 {
			return nil, errors.New("odd tags")
		}
		for i := 0; i < len(tags); i += 2 {
			if int(tags[i]) >= len(keys) || int(tags[i+1]) >= len(values) {
				return nil, errors.New("tag out of range")
			}
			f.Properties[keys[tags[i]]] = values[tags[i+1]]
		}
		g, err := decodeGeom(typ, geom)
		if err != nil {
			return nil, err
		}
		f.Geometry = g
		l.Features = append(l.Features, f)
	}
	return l, nil
}

func decodeGeom(typ uint64, cmds []uint32) (orb.Geometry, error) {
	var x, y int32
	var paths [][]orb.Point
	var closed []bool
	for i := 0; i < len(cmds); {
		id, n := cmds[i]&7, int(cmds[i]>>3)
		i++
		switch id {
		case 1, 2:
			for k := 0; k < n; k++ {
				if i+1 >= len(cmds) {
					return nil, errors.New("short geometry")
				}
				x += int32(cmds[i]>>1) ^ -int32(cmds[i]&1)
				y += int32(cmds[i+1]>>1) ^ -int32(cmds[i+1]&1)
				i += 2
				p := orb.Point{float64(x), float64(y)}
				if id == 1 {
					paths = append(paths, []orb.Point{p})
					closed = append(closed, false)
				} else {
					paths[len(paths)-1] = append(paths[len(paths)-1], p)
				}
			}
		case 7:
			last := paths[len(paths)-1]
			paths[len(paths)-1] = append(last, last[0])
			closed[len(closed)-1] = true
		default:
			return nil, fmt.Errorf("command %d", id)
		}
	}
	switch typ {
	case 1:
		if len(paths) == 1 {
			return paths[0][0], nil
		}
		var mp orb.MultiPoint
		for _, p := range paths {
			mp = append(mp, p[0])
		}
		return mp, nil
	case 2:
		if len(paths) == 1 {
			return orb.LineString(paths[0]), nil
		}
		var ml orb.MultiLineString
		for _, p := range paths {
			ml = append(ml, p)
		}
		return ml, nil
	case 3:
		var mp orb.MultiPolygon
		for _, p := range paths {
			r := orb.Ring(p)
			if area2f(r) > 0 || len(mp) == 0 {
				mp = append(mp, orb.Polygon{r})
			} else {
				mp[len(mp)-1] = append(mp[len(mp)-1], r)
			}
		}
		if len(mp) == 1 {
			return mp[0], nil
		}
		return mp, nil
	}
	return nil, fmt.Errorf("geometry type %d", typ)
}

func area2f(r orb.Ring) float64 {
	s := 0.0
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s
}

func packed(b []byte) []uint32 {
	var out []uint32
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return out
		}
		out = append(out, uint32(v))
		b = b[n:]
	}
	return out
}

// fields walks the top-level fields of a protobuf message.
func fields(data []byte, fn func(field, wire int, v uint64, b []byte) error) error {
	for len(data) > 0 {
		k, n := binary.Uvarint(data)
		if n <= 0 {
			return errors.New("bad tag")
		}
		data = data[n:]
		field, wire := int(k>>3), int(k&7)
		var v uint64
		var b []byte
		switch wire {
		case 0:
			v, n = binary.Uvarint(data)
			if n <= 0 {
				return errors.New("bad varint")
			}
			data = data[n:]
		case 1:
			if len(data) < 8 {
				return errors.New("short fixed64")
			}
			v = binary.LittleEndian.Uint64(data)
			data = data[8:]
		case 2:
			l, n := binary.Uvarint(data)
			if n <= 0 || uint64(len(data)-n) < l {
				return errors.New("bad length")
			}
			b = data[n : n+int(l)]
			data = data[n+int(l):]
		default:
			return fmt.Errorf("wire type %d", wire)
		}
		if err := fn(field, wire, v, b); err != nil {
			return err
		}
	}
	return nil
}
