//! Every string the widget shows or announces, in English, Spanish, French, German and Portuguese, with each
//! language's plural rule; the `lang` attribute picks the table.
//!
//! Templates mark the count with `{n}` and a label or quote with `{x}`: plain `&'static str` tables and one
//! `replace` keep the download smaller than any formatting machinery would.

/// One and other forms of a counted phrase (CLDR: these five languages need no more for whole numbers).
pub(crate) type Plural = [&'static str; 2];

/// One language's strings.
pub(crate) struct Messages {
    /// The base language code, to pick translated facet and value labels from the catalog.
    pub code: &'static str,
    /// CLDR "one" also covers 0 (French, Portuguese): "0 service", not "0 services".
    pub zero_is_one: bool,
    pub services: Plural,
    pub matching: Plural,
    pub show_n: Plural,
    pub remove_to_see: Plural,
    pub n_selected: Plural,
    pub filters: &'static str,
    pub filters_n: &'static str,
    pub more_filters: &'static str,
    pub also_related: &'static str,
    pub we_understood: &'static str,
    pub add_as_filter: &'static str,
    pub add_need: &'static str,
    pub remove: &'static str,
    pub not_x: &'static str,
    pub you_wrote: &'static str,
    pub quote: &'static str,
    pub describe: &'static str,
    pub placeholder: &'static str,
    pub at_most: &'static str,
    pub any: &'static str,
    pub at_most_of: &'static str,
    pub other_group: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub advice_title: &'static str,
    pub verdict_cc: &'static str,
    pub verdict_bpo: &'static str,
    pub read_guide: &'static str,
    pub pick_need: &'static str,
    pub not_covered: &'static str,
    pub reason_bpo: &'static str,
    pub reason_keeps: &'static str,
    pub reason_cc: &'static str,
    /// The advice when no need was read and the best fit's kind decides ({x}: its quoted title).
    pub reason_fit_cc: &'static str,
    pub reason_fit_bpo: &'static str,
    pub you_said: &'static str,
    pub you_picked: &'static str,
    pub and_same: &'static str,
    pub and_said: &'static str,
    pub and_picked: &'static str,
    pub you_asked: &'static str,
    pub matching_heading: &'static str,
    pub none_covers: &'static str,
    pub covers_part: &'static str,
    pub show_more: &'static str,
    pub key_facts: &'static str,
    pub does_not_cover: &'static str,
    pub compare: &'static str,
    pub comparing: &'static str,
    pub compare_title: &'static str,
    pub differences_only: &'static str,
    pub close_comparison: &'static str,
    pub comparison_table: &'static str,
    pub facet_col: &'static str,
    pub no_match: &'static str,
    pub try_fewer: &'static str,
    pub talk_expert: &'static str,
    pub clear_all: &'static str,
    pub clear_all_filters: &'static str,
}

/// The table for a `lang` attribute: its base language ("pt-BR" is Portuguese), English when unknown or absent.
pub(crate) fn for_lang(lang: Option<&str>) -> &'static Messages {
    let tag = lang.unwrap_or("");
    let base = tag.split(['-', '_']).next().unwrap_or("");
    [&ES, &FR, &DE, &PT]
        .into_iter()
        .find(|m| base.eq_ignore_ascii_case(m.code))
        .unwrap_or(&EN)
}

impl Messages {
    /// The form of `forms` for `n`, with `n` filled in: "1 service", "0 service" (fr), "0 services" (en).
    pub(crate) fn count(&self, forms: &Plural, n: usize) -> String {
        let one = n == 1 || (n == 0 && self.zero_is_one);
        forms[usize::from(!one)].replace("{n}", &n.to_string())
    }

    /// "12 services": the widget's count of results.
    pub(crate) fn services(&self, n: usize) -> String {
        self.count(&self.services, n)
    }

    /// A template with its label or quote filled in.
    pub(crate) fn with(&self, template: &str, x: &str) -> String {
        template.replace("{x}", x)
    }

    /// `x` in this language's quotation marks.
    pub(crate) fn quoted(&self, x: &str) -> String {
        self.with(self.quote, x)
    }
}

pub(crate) static EN: Messages = Messages {
    code: "en",
    zero_is_one: false,
    services: ["{n} service", "{n} services"],
    matching: ["{n} service matches", "{n} services match"],
    show_n: ["Show {n} service", "Show {n} services"],
    remove_to_see: ["Remove {x} to see {n} service", "Remove {x} to see {n} services"],
    n_selected: ["{n} selected", "{n} selected"],
    filters: "Filters",
    filters_n: "Filters ({n})",
    more_filters: "More filters",
    also_related: "Also related ({n})",
    we_understood: "We understood:",
    add_as_filter: "Add as a filter:",
    add_need: "Add need: {x}",
    remove: "Remove {x}",
    not_x: "not {x}",
    you_wrote: "You wrote {x}",
    quote: "\u{201c}{x}\u{201d}",
    describe: "Describe your problem",
    placeholder: "e.g. we miss calls after 6pm",
    at_most: "At most ",
    any: "Any",
    at_most_of: "{x}: at most {n}",
    other_group: "Other",
    loading: "Loading services\u{2026}",
    load_failed: "The service catalog could not be loaded.",
    advice_title: "Call center or BPO?",
    verdict_cc: "Call center.",
    verdict_bpo: "BPO.",
    read_guide: "Read the guide",
    pick_need: "Pick a need, or describe it in a few words, to see whether a call center is enough or broader BPO fits better.",
    not_covered: "No service in the catalog covers these needs yet, so there is no advice to give.",
    reason_bpo: "{x}: that is work behind the conversation, so broader BPO fits better than a call center.",
    reason_keeps: "{x}: the job is handling the conversations and your own team keeps the work behind them, so a call center is enough.",
    reason_cc: "{x}: that is about handling conversations, so a call center is enough.",
    reason_fit_cc: "{x} fits your words best, and it handles the conversations, so a call center is enough.",
    reason_fit_bpo: "{x} fits your words best, and it takes on the work behind the conversations too, so broader BPO fits better than a call center.",
    you_said: "You said {x}",
    you_picked: "You picked {x}",
    and_same: " and {x}",
    and_said: " and said {x}",
    and_picked: " and picked {x}",
    you_asked: "You asked",
    matching_heading: "Matching services",
    none_covers: "No service covers everything you picked.",
    covers_part: "Covers part of your need",
    show_more: "Show more",
    key_facts: "Key facts",
    does_not_cover: "Does not cover: ",
    compare: "Compare",
    comparing: "Comparing",
    compare_title: "Compare services",
    differences_only: " Differences only",
    close_comparison: "Close comparison",
    comparison_table: "Comparison table",
    facet_col: "Facet",
    no_match: "No service matches.",
    try_fewer: "Try fewer filters, or describe your case to someone who knows the catalog.",
    talk_expert: "Talk to an expert",
    clear_all: "Clear all",
    clear_all_filters: "Clear all filters",
};

pub(crate) static ES: Messages = Messages {
    code: "es",
    zero_is_one: false,
    services: ["{n} servicio", "{n} servicios"],
    matching: ["{n} servicio coincide", "{n} servicios coinciden"],
    show_n: ["Ver {n} servicio", "Ver {n} servicios"],
    remove_to_see: ["Quite {x} para ver {n} servicio", "Quite {x} para ver {n} servicios"],
    n_selected: ["{n} seleccionado", "{n} seleccionados"],
    filters: "Filtros",
    filters_n: "Filtros ({n})",
    more_filters: "Más filtros",
    also_related: "También relacionados ({n})",
    we_understood: "Entendimos:",
    add_as_filter: "Añadir como filtro:",
    add_need: "Añadir necesidad: {x}",
    remove: "Quitar {x}",
    not_x: "sin {x}",
    you_wrote: "Escribió {x}",
    quote: "\u{ab}{x}\u{bb}",
    describe: "Describa su problema",
    placeholder: "p. ej., perdemos llamadas después de las 18:00",
    at_most: "Como máximo ",
    any: "Cualquiera",
    at_most_of: "{x}: como máximo {n}",
    other_group: "Otros",
    loading: "Cargando servicios\u{2026}",
    load_failed: "No se pudo cargar el catálogo de servicios.",
    advice_title: "¿Call center o BPO?",
    verdict_cc: "Call center.",
    verdict_bpo: "BPO.",
    read_guide: "Leer la guía",
    pick_need: "Elija una necesidad, o descríbala en pocas palabras, para saber si basta con un call center o si encaja mejor un BPO más amplio.",
    not_covered: "Ningún servicio del catálogo cubre aún estas necesidades, así que no hay recomendación.",
    reason_bpo: "{x}: eso es trabajo detrás de la conversación, así que un BPO más amplio encaja mejor que un call center.",
    reason_keeps: "{x}: se trata de atender las conversaciones y su propio equipo se queda con el trabajo de fondo, así que basta con un call center.",
    reason_cc: "{x}: se trata de atender conversaciones, así que basta con un call center.",
    reason_fit_cc: "{x} es lo que mejor encaja con sus palabras y se ocupa de las conversaciones, así que basta con un call center.",
    reason_fit_bpo: "{x} es lo que mejor encaja con sus palabras y asume también el trabajo detrás de las conversaciones, así que un BPO más amplio encaja mejor que un call center.",
    you_said: "Dijo {x}",
    you_picked: "Eligió {x}",
    and_same: " y {x}",
    and_said: " y dijo {x}",
    and_picked: " y eligió {x}",
    you_asked: "Lo que pidió",
    matching_heading: "Servicios que coinciden",
    none_covers: "Ningún servicio cubre todo lo que eligió.",
    covers_part: "Cubre parte de su necesidad",
    show_more: "Ver más",
    key_facts: "Datos clave",
    does_not_cover: "No cubre: ",
    compare: "Comparar",
    comparing: "Comparando",
    compare_title: "Comparar servicios",
    differences_only: " Solo diferencias",
    close_comparison: "Cerrar comparación",
    comparison_table: "Tabla comparativa",
    facet_col: "Criterio",
    no_match: "Ningún servicio coincide.",
    try_fewer: "Pruebe con menos filtros o explique su caso a alguien que conozca el catálogo.",
    talk_expert: "Hablar con un experto",
    clear_all: "Borrar todo",
    clear_all_filters: "Borrar todos los filtros",
};

pub(crate) static FR: Messages = Messages {
    code: "fr",
    zero_is_one: true,
    services: ["{n} service", "{n} services"],
    matching: ["{n} service correspond", "{n} services correspondent"],
    show_n: ["Afficher {n} service", "Afficher {n} services"],
    remove_to_see: ["Retirez {x} pour voir {n} service", "Retirez {x} pour voir {n} services"],
    n_selected: ["{n} sélectionné", "{n} sélectionnés"],
    filters: "Filtres",
    filters_n: "Filtres ({n})",
    more_filters: "Plus de filtres",
    also_related: "Également liés ({n})",
    we_understood: "Nous avons compris\u{a0}:",
    add_as_filter: "Ajouter comme filtre\u{a0}:",
    add_need: "Ajouter le besoin\u{a0}: {x}",
    remove: "Retirer {x}",
    not_x: "sans {x}",
    you_wrote: "Vous avez écrit {x}",
    quote: "\u{ab}\u{a0}{x}\u{a0}\u{bb}",
    describe: "Décrivez votre problème",
    placeholder: "ex. nous manquons des appels après 18\u{a0}h",
    at_most: "Au plus ",
    any: "Indifférent",
    at_most_of: "{x}\u{a0}: au plus {n}",
    other_group: "Autres",
    loading: "Chargement des services\u{2026}",
    load_failed: "Le catalogue des services n\u{2019}a pas pu être chargé.",
    advice_title: "Centre d\u{2019}appels ou BPO\u{a0}?",
    verdict_cc: "Centre d\u{2019}appels.",
    verdict_bpo: "BPO.",
    read_guide: "Lire le guide",
    pick_need: "Choisissez un besoin, ou décrivez-le en quelques mots, pour savoir si un centre d\u{2019}appels suffit ou si une externalisation plus large (BPO) convient mieux.",
    not_covered: "Aucun service du catalogue ne couvre encore ces besoins\u{a0}: pas de conseil possible pour l\u{2019}instant.",
    reason_bpo: "{x}\u{a0}: c\u{2019}est du travail en coulisses, derrière la conversation\u{a0}; une externalisation plus large (BPO) convient donc mieux qu\u{2019}un centre d\u{2019}appels.",
    reason_keeps: "{x}\u{a0}: il s\u{2019}agit de traiter les conversations et votre équipe garde le travail en coulisses\u{a0}; un centre d\u{2019}appels suffit donc.",
    reason_cc: "{x}\u{a0}: il s\u{2019}agit de traiter des conversations\u{a0}; un centre d\u{2019}appels suffit donc.",
    reason_fit_cc: "{x} correspond le mieux à vos mots et prend en charge les conversations\u{a0}; un centre d\u{2019}appels suffit donc.",
    reason_fit_bpo: "{x} correspond le mieux à vos mots et assure aussi le travail en coulisses, derrière les conversations\u{a0}; une externalisation plus large (BPO) convient donc mieux qu\u{2019}un centre d\u{2019}appels.",
    you_said: "Vous avez dit {x}",
    you_picked: "Vous avez choisi {x}",
    and_same: " et {x}",
    and_said: " et dit {x}",
    and_picked: " et choisi {x}",
    you_asked: "Vous avez demandé",
    matching_heading: "Services correspondants",
    none_covers: "Aucun service ne couvre tout ce que vous avez choisi.",
    covers_part: "Couvre une partie de votre besoin",
    show_more: "Afficher plus",
    key_facts: "Points clés",
    does_not_cover: "Ne couvre pas\u{a0}: ",
    compare: "Comparer",
    comparing: "En comparaison",
    compare_title: "Comparer les services",
    differences_only: " Différences seulement",
    close_comparison: "Fermer la comparaison",
    comparison_table: "Tableau comparatif",
    facet_col: "Critère",
    no_match: "Aucun service ne correspond.",
    try_fewer: "Essayez avec moins de filtres, ou décrivez votre cas à quelqu\u{2019}un qui connaît le catalogue.",
    talk_expert: "Parler à un expert",
    clear_all: "Tout effacer",
    clear_all_filters: "Effacer tous les filtres",
};

pub(crate) static DE: Messages = Messages {
    code: "de",
    zero_is_one: false,
    services: ["{n} Dienstleistung", "{n} Dienstleistungen"],
    matching: ["{n} Dienstleistung passt", "{n} Dienstleistungen passen"],
    show_n: ["{n} Dienstleistung anzeigen", "{n} Dienstleistungen anzeigen"],
    remove_to_see: [
        "{x} entfernen, um {n} Dienstleistung zu sehen",
        "{x} entfernen, um {n} Dienstleistungen zu sehen",
    ],
    n_selected: ["{n} ausgewählt", "{n} ausgewählt"],
    filters: "Filter",
    filters_n: "Filter ({n})",
    more_filters: "Weitere Filter",
    also_related: "Ebenfalls relevant ({n})",
    we_understood: "Wir haben verstanden:",
    add_as_filter: "Als Filter hinzufügen:",
    add_need: "Bedarf hinzufügen: {x}",
    remove: "{x} entfernen",
    not_x: "ohne {x}",
    you_wrote: "Sie schrieben {x}",
    quote: "\u{201e}{x}\u{201c}",
    describe: "Beschreiben Sie Ihr Problem",
    placeholder: "z.\u{a0}B. wir verpassen Anrufe nach 18 Uhr",
    at_most: "Höchstens ",
    any: "Beliebig",
    at_most_of: "{x}: höchstens {n}",
    other_group: "Sonstiges",
    loading: "Dienstleistungen werden geladen\u{2026}",
    load_failed: "Der Dienstleistungskatalog konnte nicht geladen werden.",
    advice_title: "Callcenter oder BPO?",
    verdict_cc: "Callcenter.",
    verdict_bpo: "BPO.",
    read_guide: "Zum Leitfaden",
    pick_need: "Wählen Sie einen Bedarf oder beschreiben Sie ihn in wenigen Worten, um zu sehen, ob ein Callcenter genügt oder umfassenderes BPO besser passt.",
    not_covered: "Noch deckt keine Dienstleistung im Katalog diesen Bedarf ab, daher gibt es keine Empfehlung.",
    reason_bpo: "{x}: Das ist Arbeit hinter dem Gespräch, daher passt umfassenderes BPO besser als ein Callcenter.",
    reason_keeps: "{x}: Es geht um die Gespräche, und Ihr eigenes Team erledigt die Arbeit dahinter, daher genügt ein Callcenter.",
    reason_cc: "{x}: Es geht um das Führen von Gesprächen, daher genügt ein Callcenter.",
    reason_fit_cc: "{x} passt am besten zu Ihren Worten und übernimmt die Gespräche, daher genügt ein Callcenter.",
    reason_fit_bpo: "{x} passt am besten zu Ihren Worten und übernimmt auch die Arbeit hinter den Gesprächen, daher passt umfassenderes BPO besser als ein Callcenter.",
    you_said: "Sie sagten {x}",
    you_picked: "Sie wählten {x}",
    and_same: " und {x}",
    and_said: " und sagten {x}",
    and_picked: " und wählten {x}",
    you_asked: "Ihre Anfrage",
    matching_heading: "Passende Dienstleistungen",
    none_covers: "Keine Dienstleistung deckt alles ab, was Sie gewählt haben.",
    covers_part: "Deckt einen Teil Ihres Bedarfs ab",
    show_more: "Mehr anzeigen",
    key_facts: "Eckdaten",
    does_not_cover: "Deckt nicht ab: ",
    compare: "Vergleichen",
    comparing: "Im Vergleich",
    compare_title: "Dienstleistungen vergleichen",
    differences_only: " Nur Unterschiede",
    close_comparison: "Vergleich schließen",
    comparison_table: "Vergleichstabelle",
    facet_col: "Merkmal",
    no_match: "Keine Dienstleistung passt.",
    try_fewer: "Versuchen Sie es mit weniger Filtern, oder schildern Sie Ihren Fall jemandem, der den Katalog kennt.",
    talk_expert: "Mit einem Experten sprechen",
    clear_all: "Alles zurücksetzen",
    clear_all_filters: "Alle Filter zurücksetzen",
};

pub(crate) static PT: Messages = Messages {
    code: "pt",
    zero_is_one: true,
    services: ["{n} serviço", "{n} serviços"],
    matching: ["{n} serviço corresponde", "{n} serviços correspondem"],
    show_n: ["Ver {n} serviço", "Ver {n} serviços"],
    remove_to_see: ["Remova {x} para ver {n} serviço", "Remova {x} para ver {n} serviços"],
    n_selected: ["{n} selecionado", "{n} selecionados"],
    filters: "Filtros",
    filters_n: "Filtros ({n})",
    more_filters: "Mais filtros",
    also_related: "Também relacionados ({n})",
    we_understood: "Entendemos:",
    add_as_filter: "Adicionar como filtro:",
    add_need: "Adicionar necessidade: {x}",
    remove: "Remover {x}",
    not_x: "sem {x}",
    you_wrote: "Você escreveu {x}",
    quote: "\u{201c}{x}\u{201d}",
    describe: "Descreva seu problema",
    placeholder: "ex.: perdemos ligações depois das 18h",
    at_most: "No máximo ",
    any: "Qualquer",
    at_most_of: "{x}: no máximo {n}",
    other_group: "Outros",
    loading: "Carregando serviços\u{2026}",
    load_failed: "Não foi possível carregar o catálogo de serviços.",
    advice_title: "Call center ou BPO?",
    verdict_cc: "Call center.",
    verdict_bpo: "BPO.",
    read_guide: "Ler o guia",
    pick_need: "Escolha uma necessidade, ou descreva-a em poucas palavras, para ver se um call center basta ou se um BPO mais amplo é mais adequado.",
    not_covered: "Nenhum serviço do catálogo cobre essas necessidades ainda, então não há recomendação.",
    reason_bpo: "{x}: isso é trabalho por trás da conversa, então um BPO mais amplo é mais adequado do que um call center.",
    reason_keeps: "{x}: o trabalho é atender as conversas e sua própria equipe cuida do que vem depois, então um call center basta.",
    reason_cc: "{x}: trata-se de atender conversas, então um call center basta.",
    reason_fit_cc: "{x} é o que melhor corresponde às suas palavras e cuida das conversas, então um call center basta.",
    reason_fit_bpo: "{x} é o que melhor corresponde às suas palavras e assume também o trabalho por trás das conversas, então um BPO mais amplo é mais adequado do que um call center.",
    you_said: "Você disse {x}",
    you_picked: "Você escolheu {x}",
    and_same: " e {x}",
    and_said: " e disse {x}",
    and_picked: " e escolheu {x}",
    you_asked: "Você pediu",
    matching_heading: "Serviços correspondentes",
    none_covers: "Nenhum serviço cobre tudo o que você escolheu.",
    covers_part: "Cobre parte da sua necessidade",
    show_more: "Ver mais",
    key_facts: "Dados principais",
    does_not_cover: "Não cobre: ",
    compare: "Comparar",
    comparing: "Comparando",
    compare_title: "Comparar serviços",
    differences_only: " Só diferenças",
    close_comparison: "Fechar comparação",
    comparison_table: "Tabela comparativa",
    facet_col: "Critério",
    no_match: "Nenhum serviço corresponde.",
    try_fewer: "Tente menos filtros ou descreva seu caso a alguém que conheça o catálogo.",
    talk_expert: "Falar com um especialista",
    clear_all: "Limpar tudo",
    clear_all_filters: "Limpar todos os filtros",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_portuguese_count_zero_as_one_english_does_not() {
        assert_eq!(EN.services(0), "0 services");
        assert_eq!(EN.services(1), "1 service");
        assert_eq!(EN.services(2), "2 services");
        assert_eq!(FR.services(0), "0 service");
        assert_eq!(FR.services(1), "1 service");
        assert_eq!(FR.services(2), "2 services");
        assert_eq!(PT.services(0), "0 serviço");
        assert_eq!(DE.services(0), "0 Dienstleistungen");
        assert_eq!(DE.services(1), "1 Dienstleistung");
        assert_eq!(ES.services(0), "0 servicios");
        assert_eq!(ES.count(&ES.show_n, 1), "Ver 1 servicio");
    }

    #[test]
    fn regional_tags_map_to_their_base_language_and_unknown_ones_to_english() {
        assert_eq!(for_lang(Some("pt-BR")).code, "pt");
        assert_eq!(for_lang(Some("es-MX")).code, "es");
        assert_eq!(for_lang(Some("FR")).code, "fr");
        assert_eq!(for_lang(Some("de_AT")).code, "de");
        assert_eq!(for_lang(Some("it")).code, "en");
        assert_eq!(for_lang(Some("")).code, "en");
        assert_eq!(for_lang(None).code, "en");
    }

    #[test]
    fn templates_fill_labels_and_counts() {
        let recover = EN.with(EN.count(&EN.remove_to_see, 3).as_str(), "Payroll");
        assert_eq!(recover, "Remove Payroll to see 3 services");
        let recover = DE.with(DE.count(&DE.remove_to_see, 1).as_str(), "Lohn");
        assert_eq!(recover, "Lohn entfernen, um 1 Dienstleistung zu sehen");
        assert_eq!(FR.quoted("paie"), "\u{ab}\u{a0}paie\u{a0}\u{bb}");
    }

    #[test]
    fn every_table_fills_its_placeholders() {
        for m in [&EN, &ES, &FR, &DE, &PT] {
            for forms in [
                m.services,
                m.matching,
                m.show_n,
                m.remove_to_see,
                m.n_selected,
            ] {
                assert!(
                    forms.iter().all(|f| f.contains("{n}")),
                    "{}: {forms:?}",
                    m.code
                );
            }
            for t in [
                m.add_need,
                m.remove,
                m.not_x,
                m.you_wrote,
                m.quote,
                m.reason_bpo,
                m.reason_fit_cc,
                m.reason_fit_bpo,
                m.you_said,
            ] {
                assert!(t.contains("{x}"), "{}: {t}", m.code);
            }
            assert!(m.filters_n.contains("{n}") && m.also_related.contains("{n}"));
        }
    }
}
