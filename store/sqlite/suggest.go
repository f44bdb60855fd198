package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

var _ store.Suggester = (*Store)(nil)

const suggestionColumns = `m.id, m.incident_id, m.other_id, m.score, m.reason, m.created_at, m.state, m.decided_by, m.decided_at`

func scanSuggestion(r scanner) (store.Suggestion, error) {
	var g store.Suggestion
	var created, decided string
	err := r.Scan(&g.ID, &g.Incident, &g.Other, &g.Score, &g.Reason, &created, &g.State, &g.DecidedBy, &decided)
	g.Created, g.Decided = parseTime(created), parseTime(decided)
	return g, err
}

// Suggestions streams the open merge suggestions whose incidents are both
// still there (see store.Suggester).
func (s *Store) Suggestions(ctx context.Context, fn func(store.Suggestion) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+suggestionColumns+` FROM merge_suggestions m
		JOIN incidents a ON a.id = m.incident_id JOIN incidents b ON b.id = m.other_id
		WHERE m.state = 'open' AND a.status <> 'deleted' AND b.status <> 'deleted' ORDER BY m.id`)
	if err != nil {
		return fmt.Errorf("suggestions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		g, err := scanSuggestion(rows)
		if err != nil {
			return fmt.Errorf("suggestions: %w", err)
		}
		if err := fn(g); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("suggestions: %w", err)
	}
	return nil
}

// Decide accepts or dismisses suggestion id (see store.Suggester).
func (s *Store) Decide(ctx context.Context, id int64, accept bool, by string) (store.Suggestion, error) {
	if err := s.lockWrite(ctx); err != nil {
		return store.Suggestion{}, fmt.Errorf("decide suggestion %d: %w", id, err)
	}
	defer s.unlockWrite()
	var g store.Suggestion
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		g, err = scanSuggestion(tx.QueryRowContext(ctx, `SELECT `+suggestionColumns+` FROM merge_suggestions m WHERE m.id = ?1`, id))
		if notFound(err) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		if g.State != store.SuggestionOpen {
			return fmt.Errorf("%w: the suggestion was %s already", store.ErrInvalid, g.State)
		}
		for _, inc := range []string{g.Incident, g.Other} {
			var status string
			if err := tx.QueryRowContext(ctx, `SELECT status FROM incidents WHERE id = ?1`, inc).Scan(&status); err != nil || status == store.StatusDeleted {
				return fmt.Errorf("%w: incident %s is gone (merged or deleted)", store.ErrInvalid, inc)
			}
		}
		g.State, g.DecidedBy, g.Decided = store.SuggestionDismissed, by, stamp()
		if accept {
			g.State = store.SuggestionAccepted
			if _, err := mergeTx(ctx, tx, g.Other, []string{g.Incident}, by, func(incident.Incident) error { return nil }); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE merge_suggestions SET state = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1`,
			id, g.State, g.DecidedBy, formatTime(g.Decided))
		return err
	})
	if err != nil {
		return g, fmt.Errorf("decide suggestion %d: %w", id, err)
	}
	if accept {
		s.compactor.Kick()
	}
	return g, nil
}
