//! Questions about the IR, answered in one place: emit asks these instead of working them out,
//! and the lowering passes that run on the finished types use the same answers.

use super::{Additional, Api, BodyFormat, EnumRepr, Shape, Type, TypeDef, TypeId, TypeKind};

/// Whether a value of `shape` has anything to check before it is sent: a constraint of its
/// own, or a validated type anywhere inside it.
pub fn shape_needs_checks(types: &[TypeDef], shape: &Shape) -> bool {
    !shape.constraints.is_empty()
        || match &shape.ty {
            Type::Named(id) => types[id.0].validated,
            Type::Array(inner) | Type::Map(inner) | Type::Option(inner) => {
                shape_needs_checks(types, inner)
            }
            _ => false,
        }
}

/// What an alias stands for, through any number of aliases (cycles have been refused).
pub fn resolve_alias<'t>(types: &'t [TypeDef], shape: &'t Shape) -> &'t Shape {
    let mut shape = shape;
    for _ in 0..types.len() {
        match &shape.ty {
            Type::Named(id) => match &types[id.0].kind {
                TypeKind::Alias(inner) => shape = inner,
                _ => return shape,
            },
            _ => return shape,
        }
    }
    shape
}

impl TypeKind {
    /// The shapes a value of this kind holds directly: fields, typed further properties,
    /// variants, or what an alias stands for.
    pub fn inner_shapes(&self) -> Vec<&Shape> {
        match self {
            TypeKind::Struct(s) => {
                let mut shapes: Vec<&Shape> = s.fields.iter().map(|f| &f.shape).collect();
                if let Additional::Typed { value, .. } = &s.additional {
                    shapes.push(value);
                }
                shapes
            }
            TypeKind::Enum(_) => Vec::new(),
            TypeKind::Untagged(u) => u.variants.iter().map(|v| &v.shape).collect(),
            TypeKind::Alias(shape) => vec![shape],
        }
    }
}

impl Shape {
    /// Adds the named types this shape refers to (inside arrays, maps and options) to `out`.
    pub fn collect_named(&self, out: &mut Vec<TypeId>) {
        match &self.ty {
            Type::Named(id) => out.push(*id),
            Type::Array(inner) | Type::Map(inner) | Type::Option(inner) => inner.collect_named(out),
            _ => {}
        }
    }

    /// Whether the shape names a generated type (inside arrays, maps and options).
    pub fn mentions_model(&self) -> bool {
        match &self.ty {
            Type::Named(_) => true,
            Type::Array(inner) | Type::Map(inner) | Type::Option(inner) => inner.mentions_model(),
            _ => false,
        }
    }
}

impl Api {
    /// See [`shape_needs_checks`].
    pub fn needs_checks(&self, shape: &Shape) -> bool {
        shape_needs_checks(&self.types, shape)
    }

    /// See [`resolve_alias`].
    pub fn resolve_alias<'a>(&'a self, shape: &'a Shape) -> &'a Shape {
        resolve_alias(&self.types, shape)
    }

    /// Whether `shape` is a generated struct, enum or union (through any aliases), which
    /// validates itself.
    pub fn is_struct_like(&self, shape: &Shape) -> bool {
        matches!(self.resolve_alias(shape).ty, Type::Named(_))
    }

    /// Whether the checks of `shape` call a generated type's `Validate::check`.
    pub fn calls_check(&self, shape: &Shape) -> bool {
        if !self.needs_checks(shape) {
            return false;
        }
        match &self.resolve_alias(shape).ty {
            Type::Named(id) => self.type_def(*id).validated,
            Type::Array(item) | Type::Map(item) | Type::Option(item) => self.calls_check(item),
            _ => false,
        }
    }

    /// Whether a value of `shape` is written as one piece of text (`Display`): not an array, a
    /// map, any JSON, an object or a union (through aliases).
    pub fn is_plain(&self, shape: &Shape) -> bool {
        match &shape.ty {
            Type::Array(_) | Type::Map(_) | Type::Json | Type::Option(_) => false,
            Type::Named(id) => match &self.type_def(*id).kind {
                TypeKind::Enum(_) => true,
                TypeKind::Alias(inner) => self.is_plain(inner),
                TypeKind::Struct(_) | TypeKind::Untagged(_) => false,
            },
            _ => true,
        }
    }

    /// Whether values of `shape` are `Copy` (through aliases), so they are passed without a
    /// borrow or a `clone`.
    pub fn is_copy(&self, shape: &Shape) -> bool {
        match &shape.ty {
            Type::Bool
            | Type::I32
            | Type::I64
            | Type::F32
            | Type::F64
            | Type::Decimal
            | Type::Date
            | Type::DateTime
            | Type::Uuid
            | Type::Scalar(_)
            | Type::VendorDate(_) => true,
            Type::Named(id) => match &self.type_def(*id).kind {
                TypeKind::Enum(e) => e.repr == EnumRepr::Integer,
                TypeKind::Alias(inner) => self.is_copy(inner),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether any model or field of the API is deprecated.
    pub fn any_deprecated(&self) -> bool {
        self.types.iter().any(|def| {
            def.deprecated
                || matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated))
        })
    }

    /// Whether the only checks of `shape` are those of generated types' own `Validate` impls,
    /// possibly in arrays, maps and options (which the runtime's `Validate` impls walk): no
    /// constraint of its own at any level, and no alias (whose checks are written out in
    /// place). Such a field or parameter is checked with one `validator.field(..)` call.
    pub fn checks_only_types(&self, shape: &Shape) -> bool {
        if !shape.constraints.is_empty() {
            return false;
        }
        match &shape.ty {
            Type::Named(id) => {
                let def = self.type_def(*id);
                def.validated && !matches!(def.kind, TypeKind::Alias(_))
            }
            Type::Array(item) | Type::Map(item) | Type::Option(item) => {
                self.checks_only_types(item)
            }
            _ => false,
        }
    }

    /// Whether a client method's written-out checks (of its parameters, or of a body that is
    /// not a generated type) call a generated type's `Validate::check`.
    pub fn methods_call_check(&self) -> bool {
        self.operations.iter().any(|op| {
            op.body.as_ref().is_some_and(|b| {
                b.format != BodyFormat::Text
                    && !self.is_struct_like(&b.shape)
                    && self.calls_check(&b.shape)
            }) || op
                .parameters
                .iter()
                .any(|p| self.calls_check(&p.shape) && !self.checks_only_types(&p.shape))
        })
    }

    /// Whether some body, sent or received, is offered both as JSON and as XML, so a client
    /// chooses the format.
    pub fn offers_format_choice(&self) -> bool {
        self.operations.iter().any(|op| {
            let body = op
                .body
                .as_ref()
                .is_some_and(|b| b.xml.is_some() && b.format == BodyFormat::Json);
            body || (op.success.xml.is_some() && op.success.format == BodyFormat::Json)
        })
    }

    /// Whether an operation's parameters, bodies or error bodies name a generated type.
    pub fn operations_mention_models(&self) -> bool {
        self.operations.iter().any(|op| {
            let mut shapes: Vec<&Shape> = op.parameters.iter().map(|p| &p.shape).collect();
            shapes.extend(op.body.iter().map(|b| &b.shape));
            shapes.extend(op.body.iter().flat_map(|b| b.part_shapes()));
            shapes.extend(op.success.shape.iter());
            shapes.extend(
                op.errors
                    .iter()
                    .flat_map(|e| e.variants.iter().map(|v| &v.shape)),
            );
            shapes.iter().any(|shape| shape.mentions_model())
        })
    }

    /// Whether a multipart value of `shape` is sent as text (a scalar, or an enum, through its
    /// wire value) rather than as JSON.
    pub fn is_text_part(&self, shape: &Shape) -> bool {
        let shape = resolve_alias(&self.types, shape);
        match &shape.ty {
            Type::Named(id) => matches!(self.type_def(*id).kind, TypeKind::Enum(_)),
            Type::Array(_) | Type::Map(_) | Type::Json | Type::Option(_) => false,
            _ => true,
        }
    }
}

impl super::Body {
    /// The shapes of the values among a typed multipart body's parts.
    pub fn part_shapes(&self) -> impl Iterator<Item = &Shape> {
        self.multipart.iter().flat_map(|m| {
            m.parts.iter().filter_map(|part| match &part.kind {
                super::PartKind::Value(shape) => Some(shape),
                _ => None,
            })
        })
    }
}
