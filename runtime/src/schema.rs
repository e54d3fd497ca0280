//! The format-neutral description of shapes: every fact a protocol needs about a member, written
//! once by the macros as `const` tables.
//!
//! A [`Schema`] describes a structure or union; a [`Member`] describes one value position: its
//! wire name, where the HTTP message carries it ([`Binding`]), its timestamp format, its XML
//! traits (attribute, flattened, namespace), its ec2Query name, and the members that describe the
//! items of a list or the keys and values of a map, and its [`Constraints`]. Codecs
//! ([`crate::protocol`]) and validation read these tables; generated code names no wire format
//! and holds no per-member checks.

use crate::pattern::Pattern;
use crate::time::TimestampFormat;

/// Where the HTTP message carries a member of an operation's input or output. Only the
/// top-level shape of a REST protocol (restJson1, restXml) honours bindings; everywhere else a
/// member is part of the body, as botocore and Smithy treat nested and RPC members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A member of the body (the default).
    Body,
    /// A URI label (`{Name}`).
    Label,
    /// A greedy URI label (`{Name+}`): keeps its `/` separators.
    GreedyLabel,
    /// A query parameter of this name.
    Query(&'static str),
    /// Every query parameter no other member binds (`httpQueryParams`).
    QueryMap,
    /// A header of this name.
    Header(&'static str),
    /// Every header starting with this prefix (`httpPrefixHeaders`).
    PrefixHeaders(&'static str),
    /// The whole body (`httpPayload`).
    Payload,
    /// The response's status code (`httpResponseCode`).
    StatusCode,
    /// A typed header of an event message (`eventHeader`); only events have them.
    EventHeader,
    /// The operation's event stream (a member whose target is an `eventstream` union): the
    /// body of a REST message, the body after the `initial-request` or `initial-response`
    /// event of an RPC one. It travels beside the document, never in it.
    EventStream,
}

/// An XML namespace declared on an element (`xmlns="uri"` or `xmlns:prefix="uri"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The prefix, when the declaration has one.
    pub prefix: Option<&'static str>,
    /// The namespace URI.
    pub uri: &'static str,
}

/// The model's constraints on one value position (`length`, `pattern`, `range`); validation
/// reads them from the position's [`Member`].
///
/// Which ones apply is fixed by the value's type: `length` by strings (code points), blobs
/// (bytes), lists (items) and maps (entries), `pattern` by strings and string enums, `range`
/// by numbers. The macros check at compile time that a member's type takes its constraints.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Constraints {
    /// The smallest length allowed.
    pub min_length: Option<u64>,
    /// The largest length allowed.
    pub max_length: Option<u64>,
    /// Some part of the text must match this pattern.
    pub pattern: Option<&'static Pattern>,
    /// The smallest number allowed.
    pub min: Option<f64>,
    /// The largest number allowed.
    pub max: Option<f64>,
}

impl Constraints {
    /// No constraint.
    pub const NONE: Constraints = Constraints {
        min_length: None,
        max_length: None,
        pattern: None,
        min: None,
        max: None,
    };

    /// Adds a `length` constraint.
    pub const fn length(mut self, min: Option<u64>, max: Option<u64>) -> Constraints {
        self.min_length = min;
        self.max_length = max;
        self
    }

    /// Adds a `pattern` constraint.
    pub const fn pattern(mut self, pattern: &'static Pattern) -> Constraints {
        self.pattern = Some(pattern);
        self
    }

    /// Adds a `range` constraint.
    pub const fn range(mut self, min: Option<f64>, max: Option<f64>) -> Constraints {
        self.min = min;
        self.max = max;
        self
    }
}

/// One value position: a structure or union member, a list item, or a map key or value.
///
/// Built with `const fn`s so that tables are plain constants:
///
/// ```
/// use aws_op_runtime::schema::{Binding, Member};
/// use aws_op_runtime::TimestampFormat;
///
/// const ITEM: Member = Member::new("Item");
/// const TAGS: Member = Member::new("Tags").flattened().with_item(&ITEM);
/// const WHEN: Member = Member::new("When").with_timestamp_format(TimestampFormat::HttpDate)
///     .with_binding(Binding::Header("X-When"));
/// assert_eq!(TAGS.item().name, "Item");
/// assert!(TAGS.is_flattened());
/// assert_eq!(WHEN.binding, Binding::Header("X-When"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Member {
    /// The wire name: the JSON or CBOR key, the XML element or attribute name, the awsQuery key
    /// (the model's `locationName`, else the member's name). List items default to `member`,
    /// map keys and values to `key` and `value`.
    pub name: &'static str,
    /// Where the HTTP message carries the member (top-level REST shapes only).
    pub binding: Binding,
    /// The member's own timestamp format; `None` takes the default of the place it is written
    /// (epoch seconds in JSON and CBOR bodies, date-time in XML, query strings and labels,
    /// http-date in headers).
    pub timestamp_format: Option<TimestampFormat>,
    /// The ec2Query key (`queryName`), when the model gives one; otherwise ec2Query
    /// capitalises [`Member::name`].
    pub ec2_name: Option<&'static str>,
    /// The XML namespace declared on this member's element.
    pub xml_namespace: Option<&'static XmlNamespace>,
    /// How a list's items are described (name, namespace, nested containers).
    pub item: Option<&'static Member>,
    /// How a map's keys are described.
    pub key: Option<&'static Member>,
    /// How a map's values are described.
    pub value: Option<&'static Member>,
    /// What validation checks at this position.
    pub constraints: &'static Constraints,
    /// The yes-or-no traits, as bits of [`flag`]; read them with `is_required()` and the like.
    #[doc(hidden)]
    pub flags: u8,
}

/// The bits of a [`Member`]'s flags. Generated tables write members as struct literals, which
/// the compiler's constant evaluation takes as they are, where a chain of `const fn` calls is
/// interpreted call by call.
#[doc(hidden)]
pub mod flag {
    /// `xmlAttribute`.
    pub const XML_ATTRIBUTE: u8 = 1;
    /// `xmlFlattened`.
    pub const FLATTENED: u8 = 1 << 1;
    /// `hostLabel`.
    pub const HOST_LABEL: u8 = 1 << 2;
    /// botocore's `jsonvalue`.
    pub const JSON_VALUE: u8 = 1 << 3;
    /// `required`.
    pub const REQUIRED: u8 = 1 << 4;
    /// `sensitive`.
    pub const SENSITIVE: u8 = 1 << 5;
}
use flag::{FLATTENED, HOST_LABEL, JSON_VALUE, REQUIRED, SENSITIVE, XML_ATTRIBUTE};

/// List items, map keys and map values without a description of their own.
static DEFAULT_ITEM: Member = Member::new("member");
static DEFAULT_KEY: Member = Member::new("key");
static DEFAULT_VALUE: Member = Member::new("value");

impl Member {
    /// A body member named `name`, with no other traits.
    pub const fn new(name: &'static str) -> Member {
        Member {
            name,
            binding: Binding::Body,
            timestamp_format: None,
            ec2_name: None,
            xml_namespace: None,
            item: None,
            key: None,
            value: None,
            constraints: &Constraints::NONE,
            flags: 0,
        }
    }

    /// The position of a value that is no member: an operation's input, an event.
    pub const TOP: Member = Member::new("");

    /// Sets what validation checks.
    pub const fn with_constraints(mut self, constraints: &'static Constraints) -> Member {
        self.constraints = constraints;
        self
    }

    /// Sets the binding.
    pub const fn with_binding(mut self, binding: Binding) -> Member {
        self.binding = binding;
        self
    }

    /// Sets the timestamp format.
    pub const fn with_timestamp_format(mut self, format: TimestampFormat) -> Member {
        self.timestamp_format = Some(format);
        self
    }

    /// Sets the ec2Query key (`queryName`).
    pub const fn with_ec2_name(mut self, name: &'static str) -> Member {
        self.ec2_name = Some(name);
        self
    }

    /// Declares an XML namespace on the member's element.
    pub const fn with_xml_namespace(mut self, namespace: &'static XmlNamespace) -> Member {
        self.xml_namespace = Some(namespace);
        self
    }

    /// Describes the items of a list member.
    pub const fn with_item(mut self, item: &'static Member) -> Member {
        self.item = Some(item);
        self
    }

    /// Describes the keys of a map member.
    pub const fn with_key(mut self, key: &'static Member) -> Member {
        self.key = Some(key);
        self
    }

    /// Describes the values of a map member.
    pub const fn with_value(mut self, value: &'static Member) -> Member {
        self.value = Some(value);
        self
    }

    /// Carried as an XML attribute of the enclosing element (`xmlAttribute`).
    pub const fn xml_attribute(mut self) -> Member {
        self.flags |= XML_ATTRIBUTE;
        self
    }

    /// A list or map written without a wrapping element (XML) or `member`/`entry` step
    /// (awsQuery) (`xmlFlattened`).
    pub const fn flattened(mut self) -> Member {
        self.flags |= FLATTENED;
        self
    }

    /// Also fills a `{Label}` of the operation's host prefix (`hostLabel`).
    pub const fn host_label(mut self) -> Member {
        self.flags |= HOST_LABEL;
        self
    }

    /// A string header carrying JSON text base64-encoded (botocore `jsonvalue`).
    pub const fn json_value(mut self) -> Member {
        self.flags |= JSON_VALUE;
        self
    }

    /// The member must be set (Smithy `required`): a request without it is not one of its
    /// operation's, which a server's routing tells apart by it (S3's `GetObject` and
    /// `ListParts` share a URI; only `ListParts` requires `uploadId`).
    pub const fn required(mut self) -> Member {
        self.flags |= REQUIRED;
        self
    }

    /// Its value is never quoted in messages (`sensitive`).
    pub const fn sensitive(mut self) -> Member {
        self.flags |= SENSITIVE;
        self
    }

    /// Whether the value is sensitive.
    pub const fn is_sensitive(&self) -> bool {
        self.flags & SENSITIVE != 0
    }

    /// Whether the member is required.
    pub const fn is_required(&self) -> bool {
        self.flags & REQUIRED != 0
    }

    /// Whether the member is an XML attribute.
    pub const fn is_xml_attribute(&self) -> bool {
        self.flags & XML_ATTRIBUTE != 0
    }

    /// Whether the list or map is flattened.
    pub const fn is_flattened(&self) -> bool {
        self.flags & FLATTENED != 0
    }

    /// Whether the member fills a host label.
    pub const fn is_host_label(&self) -> bool {
        self.flags & HOST_LABEL != 0
    }

    /// Whether the member is a `jsonvalue` header.
    pub const fn is_json_value(&self) -> bool {
        self.flags & JSON_VALUE != 0
    }

    /// The description of a list's items (`member` when the model gives none).
    pub fn item(&self) -> &'static Member {
        self.item.unwrap_or(&DEFAULT_ITEM)
    }

    /// The description of a map's keys (`key` when the model gives none).
    pub fn key(&self) -> &'static Member {
        self.key.unwrap_or(&DEFAULT_KEY)
    }

    /// The description of a map's values (`value` when the model gives none).
    pub fn map_value(&self) -> &'static Member {
        self.value.unwrap_or(&DEFAULT_VALUE)
    }

    /// The timestamp format in force: the member's own, else `default`.
    pub fn timestamp_format_or(&self, default: TimestampFormat) -> TimestampFormat {
        self.timestamp_format.unwrap_or(default)
    }

    /// The ec2Query key: `queryName`, else the name with its first letter upper-cased.
    pub fn ec2_query_name(&self) -> std::borrow::Cow<'static, str> {
        if let Some(name) = self.ec2_name {
            return name.into();
        }
        let mut chars = self.name.chars();
        match chars.next() {
            Some(first) if first.is_ascii_lowercase() => {
                format!("{}{}", first.to_ascii_uppercase(), chars.as_str()).into()
            }
            _ => self.name.into(),
        }
    }
}

/// Whether a schema describes a structure or a union.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeKind {
    /// Every member may be present.
    Structure,
    /// Exactly one member is present.
    Union,
}

/// A structure or union shape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Schema {
    /// The shape's name in the model; error codes and default XML root elements use it.
    pub name: &'static str,
    /// Structure or union.
    pub kind: ShapeKind,
    /// The XML element name when the shape is a document root, if the model renames it
    /// (`locationName` on the shape or the operation's input).
    pub xml_name: Option<&'static str>,
    /// The XML namespace declared on the shape's root element (`xmlNamespace`).
    pub xml_namespace: Option<&'static XmlNamespace>,
    /// The members, in model order (XML attributes first).
    pub members: &'static [Member],
}

impl Schema {
    /// A structure with these members.
    pub const fn structure(name: &'static str, members: &'static [Member]) -> Schema {
        Schema {
            name,
            kind: ShapeKind::Structure,
            xml_name: None,
            xml_namespace: None,
            members,
        }
    }

    /// A union with these members.
    pub const fn union(name: &'static str, members: &'static [Member]) -> Schema {
        Schema {
            kind: ShapeKind::Union,
            ..Schema::structure(name, members)
        }
    }

    /// Renames the XML root element.
    pub const fn with_xml_name(mut self, name: &'static str) -> Schema {
        self.xml_name = Some(name);
        self
    }

    /// Declares an XML namespace on the root element.
    pub const fn with_xml_namespace(mut self, namespace: &'static XmlNamespace) -> Schema {
        self.xml_namespace = Some(namespace);
        self
    }

    /// The XML root element's name: the model's rename, else the shape name.
    pub fn xml_root_name(&self) -> &'static str {
        self.xml_name.unwrap_or(self.name)
    }

    /// The member whose wire name is `name`.
    pub fn member(&self, name: &str) -> Option<(usize, &'static Member)> {
        self.members
            .iter()
            .enumerate()
            .find(|(_, m)| m.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: XmlNamespace = XmlNamespace {
        prefix: Some("p"),
        uri: "https://example.com",
    };
    const KEY: Member = Member::new("K");
    const MEMBERS: &[Member] = &[
        Member::new("Id").with_binding(Binding::Label).host_label(),
        Member::new("Tags").with_key(&KEY).flattened(),
        Member::new("count").with_xml_namespace(&NS),
    ];
    const SCHEMA: Schema = Schema::structure("Thing", MEMBERS).with_xml_name("ThingRequest");

    #[test]
    fn tables_are_constants_with_defaults() {
        assert_eq!(SCHEMA.xml_root_name(), "ThingRequest");
        assert!(MEMBERS[0].is_host_label() && !MEMBERS[0].is_flattened());
        assert_eq!(MEMBERS[1].key().name, "K");
        assert_eq!(MEMBERS[1].map_value().name, "value");
        assert_eq!(MEMBERS[1].item().name, "member");
        assert_eq!(SCHEMA.member("Tags").map(|(i, _)| i), Some(1));
        assert_eq!(MEMBERS[2].xml_namespace.map(|n| n.uri), Some(NS.uri));
    }

    #[test]
    fn ec2_names_capitalise_unless_given() {
        assert_eq!(MEMBERS[2].ec2_query_name(), "Count");
        assert_eq!(Member::new("x").with_ec2_name("y").ec2_query_name(), "y");
        assert_eq!(Member::new("Already").ec2_query_name(), "Already");
    }
}
