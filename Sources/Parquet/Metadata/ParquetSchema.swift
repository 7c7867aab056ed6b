/// One leaf column of the schema, with its levels derived from the tree.
public struct ColumnDescriptor: Sendable {
    /// Path components from the root (the root itself excluded).
    public var path: [String]
    /// The leaf's schema element (physical type, annotations).
    public var element: SchemaElement
    /// Highest definition level: 0 for a required top-level column.
    public var maxDefinitionLevel: Int
    /// Highest repetition level: above 0 means the column is nested in a list (refused on read).
    public var maxRepetitionLevel: Int

    /// Dotted path, e.g. `accel_x` or `outer.inner`.
    public var name: String { path.joined(separator: ".") }
    /// The physical type (always set for leaves).
    public var physicalType: PhysicalType { element.physicalType ?? .int32 }
    /// Whether a value may be null.
    public var isNullable: Bool { maxDefinitionLevel > 0 }
    /// Whether the column repeats (nested lists), which this reader refuses.
    public var isRepeated: Bool { maxRepetitionLevel > 0 }
}

/// The leaf columns of a file's schema tree, in the order column chunks are stored.
public struct ParquetSchema: Sendable {
    /// Leaf columns in storage order.
    public var columns: [ColumnDescriptor]

    /// Deepest schema tree accepted; a hostile footer could otherwise recurse without bound.
    static let maxDepth = 64

    /// Builds the leaves from the depth-first element list; rejects inconsistent child counts.
    init(elements: [SchemaElement]) throws {
        guard let root = elements.first else { throw ParquetError.metadata("empty schema") }
        guard let rootChildren = root.numChildren, rootChildren >= 0 else {
            throw ParquetError.metadata("schema root '\(root.name)' has no children count")
        }
        var columns: [ColumnDescriptor] = []
        var index = 1
        try Self.walk(
            elements, index: &index, childCount: Int(rootChildren), path: [], definition: 0, repetition: 0, depth: 1,
            into: &columns)
        guard index == elements.count else {
            throw ParquetError.metadata("schema lists \(elements.count) elements but the tree uses \(index)")
        }
        self.columns = columns
    }

    private static func walk(
        _ elements: [SchemaElement], index: inout Int, childCount: Int, path: [String], definition: Int,
        repetition: Int, depth: Int, into columns: inout [ColumnDescriptor]
    ) throws {
        guard depth <= maxDepth else { throw ParquetError.metadata("schema nested deeper than \(maxDepth)") }
        guard childCount <= elements.count - index else {
            throw ParquetError.metadata(
                "schema group claims \(childCount) children but only \(elements.count - index) remain")
        }
        for _ in 0..<childCount {
            // Nested groups consume elements too, so the count check above is not enough.
            guard index < elements.count else {
                throw ParquetError.metadata("schema tree needs more elements than the \(elements.count) listed")
            }
            let element = elements[index]
            index += 1
            var definitionLevel = definition
            var repetitionLevel = repetition
            switch element.repetition ?? .required {
            case .required: break
            case .optional: definitionLevel += 1
            case .repeated:
                definitionLevel += 1
                repetitionLevel += 1
            }
            let childPath = path + [element.name]
            if let children = element.numChildren, element.physicalType == nil || children > 0 {
                guard children >= 0 else {
                    throw ParquetError.metadata("schema group '\(element.name)' has \(children) children")
                }
                try walk(
                    elements, index: &index, childCount: Int(children), path: childPath, definition: definitionLevel,
                    repetition: repetitionLevel, depth: depth + 1, into: &columns)
            } else {
                guard element.physicalType != nil else {
                    throw ParquetError.metadata("schema leaf '\(element.name)' has no physical type")
                }
                if element.physicalType == .fixedLenByteArray {
                    guard let length = element.typeLength, length > 0 else {
                        throw ParquetError.metadata(
                            "FIXED_LEN_BYTE_ARRAY column '\(element.name)' has no positive type_length")
                    }
                }
                columns.append(
                    ColumnDescriptor(
                        path: childPath, element: element, maxDefinitionLevel: definitionLevel,
                        maxRepetitionLevel: repetitionLevel))
            }
        }
    }

    /// The index of the column with this dotted name, if any.
    public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }
}
