package alertrow

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

func TestListSQL(t *testing.T) {
	dollar := func(n int) string { return fmt.Sprintf("$%d", n) }
	for _, tc := range []struct {
		q     store.AlertQuery
		where string
		args  []any
	}{
		{store.AlertQuery{}, ` ORDER BY id DESC LIMIT $1`, []any{100}},
		{store.AlertQuery{SubscriptionID: 7, Limit: 5}, ` WHERE subscription_id = $1 ORDER BY id DESC LIMIT $2`, []any{int64(7), 5}},
		{store.AlertQuery{SubscriptionID: 7, State: store.AlertDead, Limit: -1},
			` WHERE subscription_id = $1 AND state = $2 ORDER BY id DESC LIMIT $3`, []any{int64(7), store.AlertDead, 100}},
	} {
		sqlText, args := ListSQL(tc.q, dollar)
		if want := `SELECT ` + AlertColumns + ` FROM alerts` + tc.where; sqlText != want {
			t.Errorf("%+v: sql %q, want %q", tc.q, sqlText, want)
		}
		if !reflect.DeepEqual(args, tc.args) {
			t.Errorf("%+v: args %#v, want %#v", tc.q, args, tc.args)
		}
	}
}

func TestRetryAndDelivered(t *testing.T) {
	if err := CheckRetry(store.Alert{ID: 3, State: store.AlertDead}); err != nil {
		t.Errorf("dead alert: %v", err)
	}
	if err := CheckRetry(store.Alert{ID: 3, State: store.AlertPending}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("pending alert: %v, want ErrInvalid", err)
	}
	at := time.UnixMilli(1700000000123)
	if got := DeliveredAt(store.Attempt{State: store.AlertDelivered, At: at}); got != 1700000000123 {
		t.Errorf("delivered: %d", got)
	}
	if got := DeliveredAt(store.Attempt{State: store.AlertDead, At: at}); got != 0 {
		t.Errorf("dead: %d, want 0", got)
	}
	if got := FromMillis(Millis(at)); !got.Equal(at) || got.Location() != time.UTC {
		t.Errorf("round trip: %v", got)
	}
	if Millis(time.Time{}) != 0 || !FromMillis(0).IsZero() {
		t.Error("zero time is not 0")
	}
}
