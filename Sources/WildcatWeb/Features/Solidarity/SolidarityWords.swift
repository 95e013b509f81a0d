import WildcatDomain

/// Solidarity calls in words.
enum SolidarityWords {
    static func answer(_ answer: SolidarityCall.Answer) -> String {
        switch answer {
        case .join: return "joins the action"
        case .support: return "supports it"
        case .decline: return "declines"
        }
    }

    /// A receiving assembly's reply as every assembly involved reads it.
    static func reply(_ reply: SolidarityCall.Reply) -> String {
        if let answer = reply.answer { return answer.option }
        return reply.answeredAt == nil ? "deciding" : "no answer (no quorum)"
    }
}
