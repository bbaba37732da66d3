/// Writes words so keepalived's lexer reads them back unchanged: words with blanks, comment
/// characters or braces go in double quotes (keepalived has no escape inside quotes, so a word
/// containing `"` cannot be written back exactly).
enum ConfigQuoting {
    static func quoted(_ word: String) -> String {
        let special =
            word.isEmpty
            || word.contains { c in
                c == " " || c == "\t" || c == "#" || c == "!" || c == "{" || c == "}" || c == "\""
            }
        return special ? "\"\(word)\"" : word
    }

    static func line(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }
}
