package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// HTTPCache holds the schema definition for the HTTPCache entity: the
// scanner transport's ETag cache, so a later scan's conditional requests are
// answered 304. Only responses that carry no secret values are cached.
type HTTPCache struct{ ent.Schema }

// Annotations of the HTTPCache.
func (HTTPCache) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipAll),
		schema.Comment("ETag cache of the scanner transport."),
	}
}

// Fields of the HTTPCache.
func (HTTPCache) Fields() []ent.Field {
	return []ent.Field{
		field.String("url_key").NotEmpty().Unique().Comment("SHA-256 of the request URL and the credential identity."),
		field.String("etag").NotEmpty().Comment("ETag of the cached response."),
		field.Bytes("body").Comment("Response body (gzip)."),
		field.String("header").Optional().Comment("Response headers to replay (Link, content type), JSON."),
		field.Time("stored_at").Default(time.Now).Comment("When it was stored."),
	}
}
