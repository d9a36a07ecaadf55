/** The words the rules look for, in one place: verbs that report, accuse, deny; words that mark push-back. */

// A noun phrase: no clause punctuation, but dots inside abbreviations ("U.S. officials") are fine.
export const NP = String.raw`(?:[^,;:!?.“”"()]|\.(?=\w|\s+[a-z]))`;

export const reportingVerb =
  /\b(said|says|say|told|tells|believes?|believed|suspect(?:s|ed)?|determined|conclude[sd]?|assess(?:es|ed)?|claims?|claimed|confirmed|(?:is|are) certain|evidence|information|found|thinks?|according to|alleged|alleges|stated|announced|insisted)\b/i;

export const pushBackVerb = /\b(den(?:y|ies|ied|ying)|reject\w*|dismiss\w*|refut\w*)\b/i;

// Words just before a verb that turn an accusation into its opposite or into a report of someone refusing it.
// Also what is not asserted yet: "is expected to attribute", "will blame", "plans to accuse".
export const negatedBefore =
  /\b(not|never|no longer|n[’']t|wrongly|falsely|groundlessly|unfairly|against|stop|refus\w+ to|declin\w+ to|avoid\w*|without|will|would|may|might|expected to|plans? to|planning to|going to|set to|poised to|due to|ready to)\s+(?:\w+\s+){0,2}$/i;

export const verbish =
  /\s(?:said|says|say|told|tells|added|noted|stated|claimed|claims|claim|denied|denies|deny|rejected|rejects|reject|dismissed|dismisses|dismiss|blamed|blames|blame|accused|accuses|accuse|attributed|attributes|suspect|suspects|suspected|believe|believes|believed|has|have|had|is|are|was|were|will|would|could|can|may|might|should|must|calls|called|call|challenged|warned|suggested|emphasi[sz]ed|insisted|summoned|quipped|concluded|determined|found|confirmed|announced|wanted|wants|urged|demanded|refused|declined|stopped|did|does|do|argued|asserted|alleged|alleges|identified|named|condemned|reiterated|stressed|responded|replied|routinely|repeatedly|angrily|also|both|firmly|strongly|on|last|earlier|again|publicly|officially|formally|flatly|categorically|previously|already|now|yesterday|today|later|withdrew|retracted|walked|issued|released|published|joined|joins|echoed|backed|endorsed|agreed|concurred|pointed|traced|linked|charged|indicted|convicted|sanctioned|arrested|expelled|attributed|identified|named)\b/;

export const leadingAdverbial =
  /^(?:(?:On|In|At|Last|Earlier|Later|Since|Speaking|Asked|Writing|Talking|Responding|Meanwhile|However|Nonetheless|Separately|Still|Instead)\b[^,]{0,60},\s*)+/;

export const sayingVerbs =
  'said|says|told|tells|added|noted|stated|insisted|wrote|explained|argued|continued|quipped|stressed|emphasi[sz]ed|asserted|claimed|declared|warned|replied';

export const attackVocabulary =
  /\b(attacks?|cyber\w*|hack\w*|breach\w*|intrusions?|incidents?|ransomware|inquir\w+|malware|espionage|outage|blackout)\b/i;

export const accusationVocabulary =
  /\b(claims?|allegations?|accusations?|accus\w+|charges|suspicions?|blam\w+|attribution|speculation)\b/i;

export const evidenceWords =
  /\b(\w+phobi\w*|hysteria|witch[- ]hunt|paranoi\w+|insinuations?|unproven|fairy tales?|groundless|baseless|unfounded|absurd|nonsense|propaganda|farce|hoax|concocted|cooked up|trumped-up|fake news|unscientific|irresponsible|fabricat\w+|slander\w*|smears?|smearing|speculation|far-fetched|ridiculous|unsubstantiated|politically motivated|throw(?:ing)? mud|without (?:any )?(?:evidence|proof|basis)|no (?:evidence|proof)|lack of (?:evidence|proof))\b/i;

export const backgroundMention =
  /\b(?:also|previously|in the past|in recent years|a series of|a string of|a spate of|other|similar|numerous|many)\b/i;

export const corroboration =
  /\b(?:join(?:ed|s|ing)?\s+(?:[\p{L}’'.-]+\s+){1,4}in|echo(?:ed|es|ing)|(?:confirm|back|endors|support|shar)(?:ed|es|s|ing)?\s+(?:[\p{L}’'.-]+\s+){0,4}(?:assessment|attribution|finding|conclusion|view)|(?:agree[sd]?|concur(?:red|s)?)\s+with)\b/iu;

export const smearCharge =
  /\b(disinformation|smear\w*|slander\w*|hypocri\w+|double standards?|politici[sz]\w+|hyp(?:e|ing)|fabricat\w+|lies|lying|propaganda|scapegoat\w*|defam\w+)\b/i;

export const involvementAfter = new RegExp(
  String.raw`^\s*(?:of|over|about|that|regarding|concerning|into)\s+(?<np>${NP}{1,60}?)\s+(?:involvement|role|participation|responsibility|guilt)\b`,
);
