import Foundation
@testable import Markdown
import Testing

@Suite struct SegmenterTests {
    @Test func blocksAtTheLevelTranslatorsWorkAt() {
        let md = """
        # Put out the fire ##

        Stop the send. See [step 1](01.md#x)
        and `code` here.

        - first item
          continues
        - second item

        > quoted one
        > quoted two

        | Who | What |
        |---|---|
        | Lead | Stops it |

        Setext heading
        --------------

        ```sh
        echo hi
        ```
        """
        let segs = MarkdownSegmenter.segments(md)
        let bytes = Array(md.utf8)
        let shown = segs.map { "\($0.kind.rawValue)|\($0.text)|\(String(decoding: bytes[$0.range], as: UTF8.self))|\($0.continuation)|\($0.line)" }
        #expect(shown == [
            "heading|Put out the fire|Put out the fire||1",
            "paragraph|Stop the send. See [step 1](01.md#x)\\nand `code` here.|Stop the send. See [step 1](01.md#x)\\nand `code` here.||3",
            "item|first item\\ncontinues|first item\\n  continues|  |6",
            "item|second item|second item|  |8",
            "paragraph|quoted one\\nquoted two|quoted one\\n> quoted two|> |10",
            "cell|Who|Who||13",
            "cell|What|What||13",
            "cell|Lead|Lead||15",
            "cell|Stops it|Stops it||15",
            "heading|Setext heading|Setext heading||17",
            "code|```sh\\necho hi\\n```|```sh\\necho hi\\n```||20",
        ].map { $0.replacingOccurrences(of: "\\n", with: "\n") })
        #expect(segs[1].headingIndex == 0)
    }
}
