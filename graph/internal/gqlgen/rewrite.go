package main

import (
	"bytes"
	"fmt"
	"regexp"
)

// rewrite applies the object and field rewrites to generated.go. It fails,
// rather than silently generating slower code, when gqlgen's output no longer
// has the shapes it expects.
func rewrite(src []byte) ([]byte, error) {
	if bytes.Count(src, queryData) != 1 {
		return nil, fmt.Errorf("the query's answer is not marshalled into a bytes.Buffer as expected")
	}
	src = bytes.Replace(src, queryData, pooledData, 1)
	src, err := rewriteObjects(src)
	if err != nil {
		return nil, err
	}
	return rewriteFields(src)
}

// How Exec marshals a query's answer, and how graph.marshalData does it into
// a buffer the POST transport returns to a pool once written.
var (
	queryData  = []byte("\t\t\tvar buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)\n\t\t\tresponse.Data = buf.Bytes()\n")
	pooledData = []byte("\t\t\tresponse.Data = marshalData(ctx, data)\n")
)

// objectFunc matches the marshaller of a non-root object (roots take no obj).
var objectFunc = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) _[A-Za-z0-9]+\(ctx context\.Context, sel ast\.SelectionSet, obj [^)]+\) graphql\.Marshaler \{\n(?s:.*?)\n\}\n`)

// What gqlgen writes at the start and the end of every object marshaller,
// and what a serial object needs instead: graph.fieldSet has no delayed
// fields to dispatch, and a serial object has no concurrent field that a
// @defer could have put in the deferred group.
var (
	objectStart = []byte("\tout := graphql.NewFieldSet(fields)\n\tdeferred := graphql.NewDeferredGroup(ctx)\n")
	serialStart = []byte("\tout := newFieldSet(fields)\n")
	objectEnd   = []byte("\tout.Dispatch(ctx)\n\tif out.Invalids > 0 {\n\t\treturn graphql.Null\n\t}\n\n" +
		"\tif n := len(deferred.Defers); n > 0 {\n\t\tatomic.AddInt32(&ec.Deferred, int32(min(n, math.MaxInt32)))\n\t\tec.ProcessDeferredGroup(deferred)\n\t}\n\n\treturn out\n")
	serialEnd = []byte("\tif out.Invalids > 0 {\n\t\treturn graphql.Null\n\t}\n\treturn out\n")
)

func rewriteObjects(src []byte) ([]byte, error) {
	var err error
	n := 0
	src = objectFunc.ReplaceAllFunc(src, func(fn []byte) []byte {
		if err != nil {
			return fn
		}
		if !bytes.Contains(fn, []byte("graphql.NewFieldSet(")) {
			return fn // an interface's or union's: it calls the objects'
		}
		if bytes.Contains(fn, []byte("Concurrently(")) {
			err = fmt.Errorf("a non-root object resolves a field concurrently: %.80s", fn)
			return fn
		}
		if bytes.Count(fn, objectStart) != 1 || bytes.Count(fn, objectEnd) != 1 {
			err = fmt.Errorf("unexpected object marshaller: %.80s", fn)
			return fn
		}
		n++
		fn = bytes.Replace(fn, objectStart, serialStart, 1)
		return bytes.Replace(fn, objectEnd, serialEnd, 1)
	})
	if err == nil && n == 0 {
		err = fmt.Errorf("no object marshaller found")
	}
	return src, err
}

// plainField matches a field resolved by reading a struct field of obj, with
// no directive (the nil middleware) and no resolver or method. Such a field
// of a type whose marshaller cannot fail (safeMarshallers) needs no field
// context: nothing reads it but field middleware, which graph.NewHandler
// does not install (graph's TestNoFieldInterceptor), and errors, which the
// marshaller cannot raise.
var plainField = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) (_[A-Za-z0-9_]+)\(ctx context\.Context, field graphql\.CollectedField, obj ([^)]+)\) \(ret graphql\.Marshaler\) \{
	return graphql\.ResolveField\(
		ctx,
		ec\.OperationContext,
		field,
		func\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{
			return ec\.fieldContext_[A-Za-z0-9_]+\(ctx, field\)
		\},
		func\(ctx context\.Context\) \(any, error\) \{
			return (obj\.[A-Za-z0-9_]+), nil
		\},
		nil,
		func\(ctx context\.Context, selections ast\.SelectionSet, v [^)]+\) graphql\.Marshaler \{
			return ec\.(marshal[^(]+)\(ctx, selections, v\)
		\},
		true,
		(?:true|false),
	\)
\}
`)

// marshalFunc matches a generated marshaller of a value.
var marshalFunc = regexp.MustCompile(`(?m)^func \(ec \*executionContext\) (marshal[^(]+)\(ctx context\.Context, sel ast\.SelectionSet, v [^)]+\) graphql\.Marshaler \{\n((?s:.*?))^\}\n`)

// Bodies of marshallers that never fail for the value a struct field holds:
// they return graphql.Null only for a nil pointer or slice of a nullable
// type, and never read ctx (the Null checks below cannot fire: graphql's
// MarshalString, MarshalInt, MarshalBoolean and MarshalIntID never return
// Null, and an enum marshals itself). Lists qualify when their elements do.
var (
	safeScalar = regexp.MustCompile(`^\t_ = sel\n(?:\t_ = ctx\n)?\tres := graphql\.Marshal(?:String|Int|Boolean|IntID)\(v\)\n(?:\tif res == graphql\.Null \{\n\t\tgraphql\.AddInvalidNullFromMarshaler\(ctx, "[A-Za-z]+!"\)\n\t\}\n)?\treturn res\n$`)
	safePtr    = regexp.MustCompile(`^\tif v == nil \{\n\t\treturn graphql\.Null\n\t\}\n\t_ = sel\n\t_ = ctx\n\tres := graphql\.Marshal(?:String|Int|Boolean|IntID)\(\*v\)\n\treturn res\n$`)
	safeEnum   = regexp.MustCompile(`^(?:\tif v == nil \{\n\t\treturn graphql\.Null\n\t\}\n)?\treturn v\n$`)
	safeList   = regexp.MustCompile(`^\tif v == nil \{\n\t\treturn graphql\.Null\n\t\}\n\tret := make\(graphql\.Array, len\(v\)\)\n\tfor i := range v \{\n\t\tret\[i\] = ec\.(marshal[^(]+)\(ctx, sel, v\[i\]\)\n\t\}\n\n\tfor _, e := range ret \{\n\t\tif e == graphql\.Null \{\n\t\t\treturn graphql\.Null\n\t\t\}\n\t\}\n\n\treturn ret\n$`)
)

// safeMarshallers returns the names of the marshallers that cannot fail.
func safeMarshallers(src []byte) map[string]bool {
	safe := map[string]bool{}
	lists := map[string]string{} // list marshaller -> element marshaller
	for _, m := range marshalFunc.FindAllSubmatch(src, -1) {
		name, body := string(m[1]), m[2]
		switch {
		case safeScalar.Match(body), safePtr.Match(body), safeEnum.Match(body):
			safe[name] = true
		default:
			if e := safeList.FindSubmatch(body); e != nil {
				lists[name] = string(e[1])
			}
		}
	}
	for list, elem := range lists {
		if safe[elem] {
			safe[list] = true
		}
	}
	return safe
}

// refs are the marshallers of a plain field that a graph type pointing to
// the field marshals the same without allocating.
var refs = map[string]string{
	"marshalNString2string": "stringRef",
	"marshalOString2string": "stringRef",
	"marshalNInt2int":       "intRef",
}

func rewriteFields(src []byte) ([]byte, error) {
	safe := safeMarshallers(src)
	n := 0
	src = plainField.ReplaceAllFunc(src, func(fn []byte) []byte {
		m := plainField.FindSubmatch(fn)
		name, obj, value, marshal := m[1], m[2], m[3], m[4]
		if !safe[string(marshal)] {
			return fn
		}
		n++
		call := fmt.Sprintf("ec.%s(ctx, field.Selections, %s)", marshal, value)
		if ref, ok := refs[string(marshal)]; ok {
			call = fmt.Sprintf("%s{&%s}", ref, value)
		}
		return fmt.Appendf(nil, "func (ec *executionContext) %s(ctx context.Context, field graphql.CollectedField, obj %s) (ret graphql.Marshaler) {\n\treturn %s\n}\n", name, obj, call)
	})
	if n == 0 {
		return nil, fmt.Errorf("no plain scalar field found")
	}
	return src, nil
}
