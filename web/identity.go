package web

import (
	"net/http"
	"strings"

	"github.com/privgraph/privgraph/ent/identity"
	"github.com/privgraph/privgraph/web/ui"
)

func (s *server) handleIdentities(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := ui.IdentitiesView{Page: s.page(r, "Identities", "identities")}
	n, err := s.client.Identity.Query().Count(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if n == 0 {
		v.Empty = true
		s.render(w, r, ui.IdentitiesPage(v))
		return
	}
	page, off := offset(r)
	ids, err := s.client.Identity.Query().Order(identity.ByCanWrite(sqlDesc()), identity.ByName(), identity.ByID()).
		Offset(off).Limit(pageSize).WithOwner().WithCredentials().All(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	for _, i := range ids {
		row := ui.IdentityRow{Kind: string(i.Kind), Name: i.Name, Permissions: dash(strings.Join(i.Permissions, ", ")),
			Selection: dash(i.RepositorySelection), CanWrite: i.CanWrite, Credentials: len(i.Edges.Credentials)}
		if len(i.Repositories) > 0 {
			row.Selection += ": " + strings.Join(i.Repositories[:min(len(i.Repositories), 10)], ", ")
		}
		if i.Edges.Owner != nil {
			row.Owner = i.Edges.Owner.Name
		}
		v.Rows = append(v.Rows, row)
	}
	v.Pager = pager(r, page, n, len(ids))
	s.render(w, r, ui.IdentitiesPage(v))
}
