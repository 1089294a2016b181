package main

import (
	"bytes"
	"fmt"
	"testing"
)

// feed writes data to a capper in chunks of the given size and returns what
// was forwarded live, the dropped count and the tail.
func feed(maxBytes int64, data []byte, chunk int) (live []byte, dropped int64, kept []byte) {
	c := newCapper(maxBytes)
	for len(data) > 0 {
		n := min(chunk, len(data))
		live = append(live, c.write(data[:n])...)
		data = data[n:]
	}
	dropped, kept = c.finish()
	return live, dropped, append([]byte(nil), kept...)
}

func TestCapper(t *testing.T) {
	data := make([]byte, 10000)
	for i := range data {
		data[i] = byte(i % 251)
	}
	cases := []struct {
		max   int64
		total int
	}{
		{0, 10000}, {1000, 10000}, {1001, 10000}, {1, 10000}, {2, 10000},
		{1000, 1000}, {1000, 999}, {1000, 700}, {1000, 400}, {1000, 0}, {20000, 10000},
	}
	for _, tc := range cases {
		for _, chunk := range []int{1, 7, 64, 333, 4096, 20000} {
			t.Run(fmt.Sprintf("max%d_total%d_chunk%d", tc.max, tc.total, chunk), func(t *testing.T) {
				in := data[:tc.total]
				live, dropped, kept := feed(tc.max, in, chunk)
				if tc.max == 0 {
					if !bytes.Equal(live, in) || dropped != 0 || len(kept) != 0 {
						t.Fatalf("unlimited: live %d dropped %d kept %d", len(live), dropped, len(kept))
					}
					return
				}
				head := int(min(int64(tc.total), tc.max-tc.max/2))
				keep := int(min(int64(tc.total-head), tc.max/2))
				if !bytes.Equal(live, in[:head]) {
					t.Fatalf("live: %d bytes, want first %d", len(live), head)
				}
				if !bytes.Equal(kept, in[tc.total-keep:]) {
					t.Fatalf("kept: %d bytes, want last %d", len(kept), keep)
				}
				if want := int64(tc.total - head - keep); dropped != want {
					t.Fatalf("dropped %d, want %d", dropped, want)
				}
			})
		}
	}
}
