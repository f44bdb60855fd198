package api

import (
	"context"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/prometheus/client_golang/prometheus"
)

// maxPendingCount caps the pending alerts one scrape counts: the store
// lists them to count them.
const maxPendingCount = 10000

// alertMetrics count the alert worker's delivery attempts.
type alertMetrics struct {
	delivered, failed, dead prometheus.Counter
}

func newAlertMetrics(reg *prometheus.Registry) *alertMetrics {
	m := &alertMetrics{
		delivered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "incidentmap_alerts_delivered_total", Help: "Alerts this process delivered (the webhook answered 2xx).",
		}),
		failed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "incidentmap_alerts_failed_attempts_total", Help: "Delivery attempts of this process that failed, the last ones of dead letters included.",
		}),
		dead: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "incidentmap_alerts_dead_letters_total", Help: "Alerts this process gave up on after their last attempt (GET /alerts?state=dead lists them).",
		}),
	}
	reg.MustRegister(m.delivered, m.failed, m.dead)
	return m
}

// ObserveAlert counts one delivery attempt by the state it left the
// alert in; it is the alert worker's Observe.
func (s *Server) ObserveAlert(state string) {
	switch state {
	case store.AlertDelivered:
		s.metrics.alerts.delivered.Inc()
	case store.AlertPending:
		s.metrics.alerts.failed.Inc()
	case store.AlertDead:
		s.metrics.alerts.failed.Inc()
		s.metrics.alerts.dead.Inc()
	}
}

// pendingCollector reports the alerts waiting for delivery, read from the
// store at each scrape, so it counts every worker's queue.
type pendingCollector struct {
	alerts  store.Alerts
	pending *prometheus.Desc
}

func newPendingCollector(as store.Alerts) *pendingCollector {
	return &pendingCollector{alerts: as, pending: prometheus.NewDesc("incidentmap_alerts_pending",
		"Alerts waiting for delivery in the store, counted up to 10000.", nil, nil)}
}

func (c *pendingCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.pending }

func (c *pendingCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	list, err := c.alerts.ListAlerts(ctx, store.AlertQuery{State: store.AlertPending, Limit: maxPendingCount})
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.pending, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(len(list)))
}
