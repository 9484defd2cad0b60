package detect

import (
	"fmt"
	"testing"
)

// BenchmarkDistinctNames feeds a tracker one point each of n distinct
// metric names — training losses, validation losses and others, the
// mix that makes every new name re-choose the roles — after a primary
// loss. The time per name must not grow with n.
func BenchmarkDistinctNames(b *testing.B) {
	for _, n := range []int{10_000, 50_000, 100_000} {
		names := make([]string, n)
		for i := range names {
			names[i] = [...]string{"val/loss_%d", "train/aux_loss_%d", "layer%d/grad_mean"}[i%3]
			names[i] = fmt.Sprintf(names[i], i)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				tr := New()
				tr.Observe("loss", 1, 2)
				for i, name := range names {
					tr.Observe(name, float64(i), 1)
				}
				tr.Observe("loss", 2, 1.9)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/name")
		})
	}
}
